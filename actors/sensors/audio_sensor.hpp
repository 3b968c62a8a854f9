#pragma once

#include "system/node/kind_catalog.hpp"

namespace lume {

/// The `audio` kind: LUMF in (options `address`, `port` = 9701) or, with
/// `device = "hw:..."`, an ALSA capture device (`rate` = 48000,
/// `channels` = 8, `period` = 512 frames); `audio_block` out to
/// `subscribers`, LUMF copy to `republish`. Pinned to the mic array's host.
actor_kind audio_sensor_kind();

} // namespace lume

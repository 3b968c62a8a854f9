#pragma once

#include "system/node/kind_catalog.hpp"

namespace lume {

/// The `mocopi` kind: Sony mocopi UDP in (options `address`, `port` = 12351,
/// `subscribers`, `republish` as LUMM), `skeleton_frame` out. Pinned to the
/// host the phone streams to.
actor_kind mocopi_sensor_kind();

} // namespace lume

#pragma once

#include "system/node/kind_catalog.hpp"

namespace lume {

/// The `depth` kind: LUMD in (options `address`, `port` = 9700,
/// `subscribers`, `republish`), `depth_frame` out. Pinned to the camera's host.
actor_kind depth_sensor_kind();

} // namespace lume

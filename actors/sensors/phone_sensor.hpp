#pragma once

#include "system/node/kind_catalog.hpp"

namespace lume {

/// The `phone` kind: phone sensor OSC in (options `address`, `port` = 9703,
/// `subscribers`, `routes`: OSC address patterns to fields, default ZIG
/// SIM's), `phone_motion` out.
actor_kind phone_sensor_kind();

/// Default UDP port of the phone sensor.
inline constexpr std::uint16_t phone_default_port = 9703;

} // namespace lume

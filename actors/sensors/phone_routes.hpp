#pragma once

#include <string>
#include <variant>
#include <vector>

#include <caf/config_value.hpp>

#include "net/phone_motion.hpp"

namespace lume {

/// Reads the `routes` option of the phone sensor: a list of
/// `{ pattern = "/*/accel", field = "acceleration" | "rotation_rate" | "attitude",
///    scale = 1.0, order = "xyzw" | "wxyz" }` (scale and order optional).
/// An empty list means ZIG SIM's routes. An error text names the entry.
std::variant<std::vector<net::phone_osc_route>, std::string>
read_phone_routes(const caf::config_value& routes);

} // namespace lume

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Phone motion as phone sensor apps send it over OSC (ZIG SIM, GyrOSC,
/// SensorLog, ...), and the configurable mapping from OSC addresses to it.
namespace lume::net {

struct motion_vector {
  float x = 0, y = 0, z = 0;
};

struct motion_quaternion {
  float x = 0, y = 0, z = 0, w = 1;
};

/// What one OSC datagram said about a phone; fields it did not carry are empty.
struct phone_motion {
  std::optional<motion_vector> acceleration;  ///< g
  std::optional<motion_vector> rotation_rate; ///< rad/s
  std::optional<motion_quaternion> attitude;  ///< unit quaternion
};

/// Which part of phone_motion an OSC address carries.
enum class phone_motion_field : std::uint8_t { acceleration, rotation_rate, attitude };

/// Order of a quaternion's four arguments on the wire.
enum class quaternion_order : std::uint8_t { xyzw, wxyz };

/// Maps OSC addresses matching `pattern` (liblo pattern syntax: * ? [] {})
/// to one field. Vectors take three numeric arguments, quaternions four.
struct phone_osc_route {
  std::string pattern;
  phone_motion_field field = phone_motion_field::acceleration;
  float scale = 1; ///< into g or rad/s, e.g. 1 / 9.80665 for m/s²; unused for attitude
  quaternion_order order = quaternion_order::xyzw;
};

/// ZIG SIM: `/<device uuid>/accel` (G), `/<device uuid>/gyro` (rad/s),
/// `/<device uuid>/quaternion` (x y z w).
std::vector<phone_osc_route> zig_sim_routes();

} // namespace lume::net

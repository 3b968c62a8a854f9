#include "net/phone_motion.hpp"

namespace lume::net {

std::vector<phone_osc_route> zig_sim_routes() {
  return {
    {"/*/accel", phone_motion_field::acceleration, 1, quaternion_order::xyzw},
    {"/*/gyro", phone_motion_field::rotation_rate, 1, quaternion_order::xyzw},
    {"/*/quaternion", phone_motion_field::attitude, 1, quaternion_order::xyzw},
  };
}

} // namespace lume::net

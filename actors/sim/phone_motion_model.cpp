#include "actors/sim/phone_motion_model.hpp"

#include <algorithm>
#include <cmath>

namespace lume::sim {

namespace {

using features::quat;
using features::vec3;

constexpr double pi = 3.14159265358979323846;
constexpr double gravity_m_per_s2 = 9.80665;
constexpr double step_s = 0.004;
constexpr double accel_range_g = 16;
constexpr double gyro_range_rad_per_s = 34.9;
constexpr double shake_s = 0.3;
constexpr double shake_hz = 10;
constexpr float shake_m = 0.008f;
constexpr double shake_rad = 8 * pi / 180;

/// Device frame in the right hand's bone frame: device +Y (top) along the
/// fingers (hand −X), device +Z (screen normal) along hand +Y, device +X
/// along hand −Z.
constexpr quat grip{-0.5f, 0.5f, 0.5f, 0.5f};
/// Phone centre from the hand joint, in the hand's frame, m.
constexpr vec3 grip_offset{-0.06f, 0.f, 0.f};
/// mocopi world (Y up) to phone world (Z up): +90° about X.
const quat y_up_to_z_up{0.70710678f, 0.f, 0.f, 0.70710678f};

quat conjugate(quat q) {
  return {-q.x, -q.y, -q.z, q.w};
}

float clipped(double v, double range) {
  return static_cast<float>(std::clamp(v, -range, range));
}

} // namespace

double phone_motion_model::shake_at(double t_s) const {
  if (dancer_.section_at(t_s) != dance_section::groove)
    return 0;
  const double beat = dancer_.beat_s();
  const double in_bar = std::fmod(dancer_.pattern_time(t_s), dancer_.bar_s());
  for (const double start : {beat, 3 * beat}) {
    if (in_bar >= start && in_bar < start + shake_s) {
      const double s = std::sin(pi * (in_bar - start) / shake_s);
      return s * s;
    }
  }
  return 0;
}

phone_motion_model::pose phone_motion_model::pose_at(double t_s) const {
  const auto frame = dancer_.pose(t_s);
  features::world_pose world;
  features::forward_kinematics(frame, world);
  const vec3 hand = world.position[features::r_hand];
  const quat hand_rotation = world.rotation[features::r_hand];

  const double shake = shake_at(t_s) * std::sin(2 * pi * shake_hz * t_s);
  const quat attitude = hand_rotation * grip
                        * features::axis_angle({0.f, 0.f, 1.f}, static_cast<float>(shake * shake_rad));
  const vec3 position = hand + rotate(hand_rotation, grip_offset)
                        + rotate(attitude, vec3{shake_m * static_cast<float>(shake), 0.f, 0.f});
  return {rotate(y_up_to_z_up, position), features::normalized(y_up_to_z_up * attitude)};
}

net::phone_motion phone_motion_model::sample(double t_s) const {
  const pose before = pose_at(t_s - step_s);
  const pose now = pose_at(t_s);
  const pose after = pose_at(t_s + step_s);

  // Specific force = acceleration − gravity; gravity is −g along world Z.
  const auto second_difference = [&](float pb, float pn, float pa) {
    return (static_cast<double>(pa) - 2.0 * pn + pb) / (step_s * step_s);
  };
  const vec3 specific_force{
    static_cast<float>(second_difference(before.position_m.x, now.position_m.x, after.position_m.x)),
    static_cast<float>(second_difference(before.position_m.y, now.position_m.y, after.position_m.y)),
    static_cast<float>(second_difference(before.position_m.z, now.position_m.z, after.position_m.z)
                       + gravity_m_per_s2)};
  const vec3 device_force = rotate(conjugate(now.attitude), specific_force);

  // Body-frame angular velocity: the rotation from `before` to `after`
  // expressed in the device frame, over 2 · step.
  quat delta = conjugate(before.attitude) * after.attitude;
  if (delta.w < 0)
    delta = {-delta.x, -delta.y, -delta.z, -delta.w};
  const double sine = std::sqrt(double(delta.x) * delta.x + double(delta.y) * delta.y
                                + double(delta.z) * delta.z);
  const double angle = 2 * std::atan2(sine, static_cast<double>(delta.w));
  const double scale = sine > 1e-12 ? angle / sine / (2 * step_s) : 1 / step_s;

  net::phone_motion motion;
  motion.acceleration = net::motion_vector{clipped(device_force.x / gravity_m_per_s2, accel_range_g),
                                           clipped(device_force.y / gravity_m_per_s2, accel_range_g),
                                           clipped(device_force.z / gravity_m_per_s2, accel_range_g)};
  motion.rotation_rate = net::motion_vector{clipped(delta.x * scale, gyro_range_rad_per_s),
                                            clipped(delta.y * scale, gyro_range_rad_per_s),
                                            clipped(delta.z * scale, gyro_range_rad_per_s)};
  motion.attitude = net::motion_quaternion{now.attitude.x, now.attitude.y, now.attitude.z,
                                           now.attitude.w};
  return motion;
}

} // namespace lume::sim

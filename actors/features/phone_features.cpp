#include "actors/features/phone_features.hpp"

#include <cmath>

namespace lume::features {

const phone_result& phone_features::process(const phone_sample& s) {
  const float dt_s = static_cast<float>(s.timestamp_us - previous_timestamp_us_) * 1e-6f;
  if (started_ && dt_s <= 0.f) {
    result_.accepted = false;
    return result_;
  }
  const vec3 accel{s.accel_m_per_s2[0], s.accel_m_per_s2[1], s.accel_m_per_s2[2]};
  const vec3 gyro{s.gyro_rad_per_s[0], s.gyro_rad_per_s[1], s.gyro_rad_per_s[2]};
  const quat attitude = normalized({s.attitude[0], s.attitude[1], s.attitude[2], s.attitude[3]});
  auto& r = result_;
  r.accepted = true;
  r.accel_minus_gravity_m_per_s2 = length(accel) - cfg_.gravity_m_per_s2;
  r.vertical_accel_m_per_s2 = dot(rotate(attitude, accel), cfg_.world_up) - cfg_.gravity_m_per_s2;
  r.rotation_rate_rad_per_s = length(gyro);
  if (!started_ || dt_s > cfg_.max_gap_s) {
    highpassed_ = {};
    r.shake_energy = 0.f;
  } else {
    constexpr float two_pi = 6.283185307179586f;
    const float rc = 1.f / (two_pi * cfg_.shake_highpass_hz);
    const float alpha = rc / (rc + dt_s);
    highpassed_ = (highpassed_ + accel - previous_accel_) * alpha;
    const float smoothing = 1.f - std::exp(-dt_s / cfg_.shake_time_constant_s);
    r.shake_energy += smoothing * (dot(highpassed_, highpassed_) - r.shake_energy);
  }
  previous_accel_ = accel;
  previous_timestamp_us_ = s.timestamp_us;
  started_ = true;
  return r;
}

} // namespace lume::features

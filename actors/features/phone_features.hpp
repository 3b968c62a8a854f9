#pragma once

#include "actors/features/math3d.hpp"

#include <array>
#include <cstdint>

namespace lume::features {

/// One phone motion sample.
struct phone_sample {
  /// Capture time, microseconds.
  std::int64_t timestamp_us = 0;
  /// Accelerometer in the device frame including gravity (specific force:
  /// +g along world up when at rest), m/s^2.
  std::array<float, 3> accel_m_per_s2{};
  /// Gyroscope in the device frame, rad/s.
  std::array<float, 3> gyro_rad_per_s{};
  /// Attitude quaternion x y z w rotating device frame to world frame.
  std::array<float, 4> attitude{0.f, 0.f, 0.f, 1.f};
};

/// Phone feature settings.
struct phone_config {
  /// Standard gravity, m/s^2.
  float gravity_m_per_s2 = 9.80665f;
  /// World up axis of the attitude's reference frame (iOS/Android: +Z).
  vec3 world_up{0.f, 0.f, 1.f};
  /// Cut-off of the high-pass that removes gravity and slow tilt before the
  /// shake energy, Hz.
  float shake_highpass_hz = 1.f;
  /// Averaging time constant of the shake energy, seconds.
  float shake_time_constant_s = 0.5f;
  /// Samples further apart than this restart the filters, seconds.
  float max_gap_s = 0.5f;
};

/// Phone motion features of one sample.
struct phone_result {
  /// False if the sample was ignored (timestamp not after the previous one).
  bool accepted = false;
  /// |accel| - g: signed deviation of the acceleration magnitude from
  /// gravity, m/s^2 (0 at rest in any orientation).
  float accel_minus_gravity_m_per_s2 = 0.f;
  /// World-frame vertical acceleration without gravity (via the attitude),
  /// m/s^2, up positive.
  float vertical_accel_m_per_s2 = 0.f;
  /// |gyro|, rad/s.
  float rotation_rate_rad_per_s = 0.f;
  /// Exponential average of the squared magnitude of the high-passed
  /// device-frame acceleration, (m/s^2)^2.
  float shake_energy = 0.f;
};

/// Features from phone accelerometer, gyroscope and attitude. Allocation-free.
class phone_features {
public:
  explicit phone_features(const phone_config& cfg = {}) : cfg_(cfg) {}

  /// Consumes one sample; the reference stays valid until the next call.
  const phone_result& process(const phone_sample& sample);

private:
  phone_config cfg_;
  phone_result result_;
  vec3 previous_accel_{};
  vec3 highpassed_{};
  std::int64_t previous_timestamp_us_ = 0;
  bool started_ = false;
};

} // namespace lume::features

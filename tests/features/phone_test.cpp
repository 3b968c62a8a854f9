#define CAF_SUITE features.phone
#include <caf/test/unit_test.hpp>

#include "actors/features/phone_features.hpp"

#include <cmath>
#include <cstdint>

using namespace lume::features;

namespace {

constexpr float g = 9.80665f;

/// A phone sample at rest with the given attitude: the accelerometer reads
/// +g along world up, expressed in the device frame.
phone_sample at_rest(quat attitude, std::int64_t t_us) {
  const quat inverse{-attitude.x, -attitude.y, -attitude.z, attitude.w};
  const vec3 a = rotate(inverse, {0.f, 0.f, g});
  phone_sample s;
  s.timestamp_us = t_us;
  s.accel_m_per_s2 = {a.x, a.y, a.z};
  s.attitude = {attitude.x, attitude.y, attitude.z, attitude.w};
  return s;
}

} // namespace

CAF_TEST(a phone at rest reads no linear acceleration or shake) {
  phone_features features;
  const quat tilted = axis_angle({0.6f, 0.8f, 0.f}, 1.1f);
  for (int i = 0; i < 100; ++i) {
    const auto& r = features.process(at_rest(tilted, i * 10000));
    CAF_CHECK(r.accepted);
    CAF_CHECK_LESS(std::abs(r.accel_minus_gravity_m_per_s2), 1e-3f);
    CAF_CHECK_LESS(std::abs(r.vertical_accel_m_per_s2), 1e-3f);
    CAF_CHECK_LESS(r.shake_energy, 1e-4f);
  }
}

CAF_TEST(vertical acceleration and rotation rate are measured) {
  phone_features features;
  auto s = at_rest({}, 0);
  s.accel_m_per_s2[2] += 3.f;
  s.gyro_rad_per_s = {0.3f, 0.f, 0.4f};
  const auto& r = features.process(s);
  CAF_CHECK_LESS(std::abs(r.accel_minus_gravity_m_per_s2 - 3.f), 1e-3f);
  CAF_CHECK_LESS(std::abs(r.vertical_accel_m_per_s2 - 3.f), 1e-3f);
  CAF_CHECK_LESS(std::abs(r.rotation_rate_rad_per_s - 0.5f), 1e-5f);
}

CAF_TEST(shaking raises the shake energy to the mean squared acceleration) {
  phone_features features;
  const float amp = 5.f;
  const float hz = 5.f;
  float energy = 0.f;
  for (int i = 0; i < 300; ++i) {
    const std::int64_t t_us = i * 10000 + (i % 3) * 1500;
    auto s = at_rest({}, t_us);
    s.accel_m_per_s2[0] += amp * std::sin(6.2831853f * hz * float(t_us) * 1e-6f);
    energy = features.process(s).shake_energy;
  }
  // A 5 Hz sine of amplitude 5 has mean square 12.5; the 1 Hz high-pass
  // keeps about 96 % of it.
  CAF_CHECK_GREATER(energy, 9.5f);
  CAF_CHECK_LESS(energy, 14.f);
}

CAF_TEST(stale phone samples are ignored) {
  phone_features features;
  features.process(at_rest({}, 5000));
  auto s = at_rest({}, 5000);
  s.accel_m_per_s2[2] += 10.f;
  CAF_CHECK(!features.process(s).accepted);
}

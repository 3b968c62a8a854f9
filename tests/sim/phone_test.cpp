#define CAF_SUITE sim.phone
#include <caf/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <variant>

#include "actors/features/math3d.hpp"
#include "actors/sim/phone_source.hpp"
#include "net/phone_motion_osc_decoder.hpp"
#include "tests/sim/collecting_sink.hpp"

using namespace lume;
using lume::sim::test::collecting_sink;

namespace {

constexpr unsigned rate = 100;

float norm(const net::motion_vector& v) {
  return std::sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
}

features::quat to_quat(const net::motion_quaternion& q) {
  return {q.x, q.y, q.z, q.w};
}

/// Angle between two unit quaternions, radians.
float angle_between(features::quat a, features::quat b) {
  const float d = std::abs(a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w);
  return 2.f * std::acos(std::min(d, 1.f));
}

/// Every sample of the first pattern (16 s), decoded from its OSC datagram.
std::vector<net::phone_motion> decoded_pattern() {
  sim::phone_source source{rate};
  collecting_sink sink;
  for (std::uint64_t n = 0; n < 16 * rate; ++n)
    source.emit(n, {}, sink);
  net::phone_motion_decoder decoder; // ZIG SIM routes
  std::vector<net::phone_motion> samples;
  for (const auto& d : sink.datagrams) {
    auto r = decoder.decode(d.data(), d.size());
    if (auto* m = std::get_if<net::phone_motion>(&r))
      samples.push_back(*m);
  }
  CAF_CHECK_EQUAL(decoder.counters().unrouted_messages, 0u);
  return samples;
}

} // namespace

CAF_TEST(every datagram decodes with the ZIG SIM routes and carries all fields) {
  const auto samples = decoded_pattern();
  CAF_REQUIRE_EQUAL(samples.size(), 16u * rate);
  for (const auto& m : samples) {
    CAF_REQUIRE(m.acceleration && m.rotation_rate && m.attitude);
    const auto& q = *m.attitude;
    CAF_CHECK_LESS(std::abs(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w - 1.f), 1e-4f);
  }
}

CAF_TEST(at rest the accelerometer reads one g along world up and the gyro zero) {
  const auto samples = decoded_pattern();
  CAF_REQUIRE_EQUAL(samples.size(), 16u * rate);
  for (std::size_t n = 14 * rate; n < 16 * rate; n += 10) { // the last bar: still
    const auto& m = samples[n];
    CAF_CHECK_LESS(std::abs(norm(*m.acceleration) - 1.f), 0.02f);
    CAF_CHECK_LESS(norm(*m.rotation_rate), 0.05f);
    // Device-frame specific force turned into the world is +Z (up).
    const auto a = *m.acceleration;
    const auto world = features::rotate(to_quat(*m.attitude), {a.x, a.y, a.z});
    CAF_CHECK_GREATER(world.z, 0.98f);
  }
}

CAF_TEST(the gyro integrates to the attitude change and shakes exceed two g) {
  const auto samples = decoded_pattern();
  CAF_REQUIRE_EQUAL(samples.size(), 16u * rate);
  const sim::phone_motion_model model;
  float peak_g = 0;
  float shake_peak_g = 0;
  std::size_t checked = 0;
  for (std::size_t n = 0; n + 1 < samples.size(); ++n) {
    const float g = norm(*samples[n].acceleration);
    peak_g = std::max(peak_g, g);
    if (model.shake_at(double(n) / rate) > 0.5)
      shake_peak_g = std::max(shake_peak_g, g);
    // q(n+1) ≈ q(n) · exp(ω dt / 2) with ω the mean body rate of the step.
    const auto& w0 = *samples[n].rotation_rate;
    const auto& w1 = *samples[n + 1].rotation_rate;
    const features::vec3 w{(w0.x + w1.x) / 2, (w0.y + w1.y) / 2, (w0.z + w1.z) / 2};
    const float rate_rad = features::length(w);
    if (rate_rad < 0.2f || rate_rad > 8.f)
      continue; // too slow to tell, or a 10 Hz shake the 100 Hz sampling aliases
    const auto step = features::axis_angle(w * (1.f / rate_rad), rate_rad / rate);
    const auto predicted = to_quat(*samples[n].attitude) * step;
    const auto actual = to_quat(*samples[n + 1].attitude);
    const float turned = angle_between(to_quat(*samples[n].attitude), actual);
    CAF_CHECK_LESS(angle_between(predicted, actual), 0.15f * turned + 0.002f);
    ++checked;
  }
  CAF_CHECK_GREATER(checked, 500u);
  CAF_MESSAGE("peak acceleration " << peak_g << " g, in shakes " << shake_peak_g << " g");
  CAF_CHECK_GREATER(shake_peak_g, 2.5f);
  CAF_CHECK_LESS(peak_g, 10.f);
}

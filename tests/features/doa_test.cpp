#define CAF_SUITE features.doa
#include <caf/test/unit_test.hpp>

#include "actors/features/doa.hpp"
#include "actors/features/gcc_phat.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

using namespace lume::features;

namespace {

constexpr float rate = 48000.f;
constexpr double pi = 3.14159265358979323846;

/// `x` delayed by `delay` samples (fractional) with a 129-tap
/// Blackman-windowed sinc; samples outside `x` count as zero.
std::vector<float> delayed(const std::vector<float>& x, double delay) {
  constexpr int half = 64;
  std::vector<float> y(x.size(), 0.f);
  const int whole = int(std::floor(delay));
  const double frac = delay - whole;
  std::vector<double> h(2 * half + 1);
  for (int k = -half; k <= half; ++k) {
    const double t = k - frac;
    const double sinc = std::abs(t) < 1e-12 ? 1.0 : std::sin(pi * t) / (pi * t);
    const double w = 0.42 + 0.5 * std::cos(pi * t / (half + 1)) + 0.08 * std::cos(2 * pi * t / (half + 1));
    h[std::size_t(k + half)] = sinc * w;
  }
  const int n = int(x.size());
  for (int i = 0; i < n; ++i) {
    double sum = 0.0;
    for (int k = -half; k <= half; ++k) {
      const int j = i - whole - k;
      if (j >= 0 && j < n)
        sum += x[std::size_t(j)] * h[std::size_t(k + half)];
    }
    y[std::size_t(i)] = float(sum);
  }
  return y;
}

float angle_error_deg(float a, float b) {
  float d = std::fmod(std::abs(a - b), 360.f);
  return d > 180.f ? 360.f - d : d;
}

} // namespace

CAF_TEST(gcc phat finds a fractional delay between two signals) {
  const std::size_t n = 2048;
  std::mt19937 rng(11);
  std::normal_distribution<float> noise(0.f, 0.3f);
  std::vector<float> s(n + 256);
  for (auto& v : s)
    v = noise(rng);
  const auto later = delayed(s, 3.4);
  gcc_phat gcc(n, rate, 300.f, 8000.f, 8);
  std::vector<cfloat> spec_a(n / 2 + 1), spec_b(n / 2 + 1);
  gcc.transform_pair(s.data() + 128, later.data() + 128, spec_a.data(), spec_b.data());
  std::vector<float> c1(gcc.curve_size()), c2(gcc.curve_size());
  gcc.correlate_two(spec_a.data(), spec_b.data(), spec_b.data(), spec_a.data(), c1.data(), c2.data());
  std::vector<float> f1(gcc.fine_size()), f2(gcc.fine_size());
  gcc.upsample(c1.data(), f1.data());
  gcc.upsample(c2.data(), f2.data());
  const auto peak1 = std::size_t(std::max_element(f1.begin(), f1.end()) - f1.begin());
  const auto peak2 = std::size_t(std::max_element(f2.begin(), f2.end()) - f2.begin());
  // x_a(t) = s(t), x_b(t) = s(t - 3.4): (a, b) peaks at t_a - t_b = -3.4.
  CAF_CHECK_LESS(std::abs(gcc.fine_lag(peak1) + 3.4f), 0.15f);
  CAF_CHECK_LESS(std::abs(gcc.fine_lag(peak2) - 3.4f), 0.15f);
  CAF_CHECK_GREATER(f1[peak1], 0.7f);
}

CAF_TEST(noise burst from a known azimuth is located within ten degrees) {
  const auto mics = uma8_geometry();
  CAF_REQUIRE_EQUAL(mics.size(), 7u);
  const std::size_t block = 1024;
  const std::size_t total = 48 * block;
  const std::size_t burst_begin = 8 * block;
  const std::size_t burst_end = 40 * block;
  std::mt19937 rng(5);
  std::normal_distribution<float> noise(0.f, 0.2f);
  std::normal_distribution<float> sensor(0.f, 0.005f);
  std::vector<float> source(total, 0.f);
  for (std::size_t i = burst_begin; i < burst_end; ++i)
    source[i] = noise(rng);
  for (float azimuth : {30.f, 135.f, 250.f, 0.f, 312.5f}) {
    const double az = azimuth * pi / 180.0;
    std::vector<float> interleaved(total * 8, 0.f);
    for (const auto& m : mics) {
      const double lead_s = (m.x_m * std::cos(az) + m.y_m * std::sin(az)) / 343.0;
      const auto x = delayed(source, 20.0 - lead_s * rate);
      for (std::size_t i = 0; i < total; ++i)
        interleaved[i * 8 + m.channel] = x[i] + sensor(rng);
    }
    doa_estimator doa;
    int checked = 0;
    for (std::size_t b = 0; b < total / block; ++b) {
      const auto& r = doa.process(interleaved.data() + b * block * 8, block);
      const std::size_t end = (b + 1) * block;
      if (end <= burst_begin) {
        CAF_CHECK_LESS(r.confidence, 0.3f); // sensor noise only
      } else if (end >= burst_begin + 2 * block + 64 && end <= burst_end) {
        CAF_CHECK(r.valid);
        CAF_CHECK_LESS(angle_error_deg(r.azimuth_deg, azimuth), 10.f);
        CAF_CHECK_GREATER(r.confidence, 0.5f);
        CAF_CHECK_GREATER_OR_EQUAL(r.azimuth_deg, 0.f);
        CAF_CHECK_LESS(r.azimuth_deg, 360.f);
        ++checked;
      }
    }
    CAF_CHECK_GREATER(checked, 25);
  }
}

CAF_TEST(uncorrelated noise on every mic gives low confidence) {
  const std::size_t block = 1024;
  std::mt19937 rng(9);
  std::normal_distribution<float> noise(0.f, 0.2f);
  std::vector<float> data(block * 8);
  doa_estimator doa;
  float confidence = 1.f;
  for (int b = 0; b < 8; ++b) {
    for (auto& v : data)
      v = noise(rng);
    confidence = doa.process(data.data(), block).confidence;
  }
  CAF_CHECK_LESS(confidence, 0.3f);
}

CAF_TEST(silence is not a valid direction) {
  const std::vector<float> zeros(1024 * 8, 0.f);
  doa_estimator doa;
  CAF_CHECK(!doa.process(zeros.data(), 1024).valid);
}

CAF_TEST(geometry is validated) {
  bool threw = false;
  try {
    doa_estimator doa(doa_config{}, {mic{0.f, 0.f, 0}});
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  CAF_CHECK(threw);
}

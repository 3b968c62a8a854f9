#include "actors/features/gcc_phat.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lume::features {

namespace {

constexpr float pi = 3.14159265358979f;

float sinc(float x) {
  if (std::fabs(x) < 1e-6f)
    return 1.f;
  const float px = pi * x;
  return std::sin(px) / px;
}

} // namespace

gcc_phat::gcc_phat(std::size_t fft_size, float sample_rate_hz, float min_hz,
                   float max_hz, int max_lag, int oversample)
  : fft_(fft_size),
    max_lag_(max_lag),
    oversample_(oversample),
    cross1_(fft_size / 2 + 1),
    cross2_(fft_size / 2 + 1),
    work_(fft_size),
    time1_(fft_size),
    time2_(fft_size) {
  const float bin_hz = sample_rate_hz / static_cast<float>(fft_size);
  const std::size_t nyquist = fft_size / 2;
  first_bin_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(min_hz / bin_hz)));
  last_bin_ = std::min(nyquist - 1, static_cast<std::size_t>(std::floor(max_hz / bin_hz)));
  if (max_lag < 0 || oversample < 1 || reach() >= static_cast<int>(nyquist)
      || first_bin_ > last_bin_)
    throw std::invalid_argument("gcc_phat: bad band, lag range or oversampling");
  constexpr int a = interpolation_half_width;
  taps_.resize(static_cast<std::size_t>(oversample * 2 * a));
  for (int phase = 0; phase < oversample; ++phase) {
    const float frac = static_cast<float>(phase) / static_cast<float>(oversample);
    for (int t = 0; t < 2 * a; ++t) {
      const float x = frac - static_cast<float>(t - a + 1);
      taps_[static_cast<std::size_t>(phase * 2 * a + t)] = sinc(x) * sinc(x / a);
    }
  }
  // Each band bin and its negative-frequency mirror contribute 1 at zero lag.
  scale_ = 1.f / (2.f * static_cast<float>(last_bin_ - first_bin_ + 1));
}

void gcc_phat::transform_pair(const float* a, const float* b, cfloat* spec_a,
                              cfloat* spec_b) {
  fft_.forward_real_pair(a, b, spec_a, spec_b, work_.data());
}

void gcc_phat::weighted_cross(const cfloat* a, const cfloat* b, cfloat* out) const {
  const std::size_t bins = fft_.size() / 2 + 1;
  std::fill(out, out + first_bin_, cfloat{});
  for (std::size_t k = first_bin_; k <= last_bin_; ++k) {
    const cfloat c = a[k] * std::conj(b[k]);
    const float power = c.real() * c.real() + c.imag() * c.imag();
    out[k] = power > 1e-30f ? c * (scale_ / std::sqrt(power)) : cfloat{};
  }
  std::fill(out + last_bin_ + 1, out + bins, cfloat{});
}

void gcc_phat::correlate_two(const cfloat* a1, const cfloat* b1, const cfloat* a2,
                             const cfloat* b2, float* curve1, float* curve2) {
  weighted_cross(a1, b1, cross1_.data());
  weighted_cross(a2, b2, cross2_.data());
  fft_.inverse_real_pair(cross1_.data(), cross2_.data(), time1_.data(),
                         time2_.data(), work_.data());
  const int n = static_cast<int>(fft_.size());
  const int r = reach();
  for (int lag = -r; lag <= r; ++lag) {
    const auto src = static_cast<std::size_t>((lag + n) % n);
    const auto dst = static_cast<std::size_t>(lag + r);
    curve1[dst] = time1_[src];
    curve2[dst] = time2_[src];
  }
}

void gcc_phat::upsample(const float* curve, float* fine) const {
  constexpr int a = interpolation_half_width;
  const int r = reach();
  const int points = static_cast<int>(fine_size());
  for (int i = 0; i < points; ++i) {
    const int whole = i / oversample_;
    const int phase = i % oversample_;
    const float* w = taps_.data() + phase * 2 * a;
    // Lag of index i is (whole - max_lag) + phase / oversample; taps cover
    // integer lags whole - max_lag - a + 1 .. whole - max_lag + a.
    const float* c = curve + (whole - max_lag_ - a + 1 + r);
    float sum = 0.f;
    for (int t = 0; t < 2 * a; ++t)
      sum += c[t] * w[t];
    fine[i] = sum;
  }
}

} // namespace lume::features

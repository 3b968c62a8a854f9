#include "actors/features/doa.hpp"

#include "actors/features/window.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace lume::features {

namespace {

constexpr float pi = 3.14159265358979f;

std::vector<std::size_t> mic_channels(const std::vector<mic>& mics) {
  std::vector<std::size_t> channels;
  channels.reserve(mics.size());
  for (const auto& m : mics)
    channels.push_back(m.channel);
  return channels;
}

/// Largest pair lag in whole samples, plus one sample of margin.
int max_pair_lag(const std::vector<mic>& mics, const doa_config& cfg) {
  float widest = 0.f;
  for (const auto& a : mics)
    for (const auto& b : mics)
      widest = std::max(widest, std::hypot(a.x_m - b.x_m, a.y_m - b.y_m));
  return static_cast<int>(std::ceil(widest / cfg.speed_of_sound_m_per_s * cfg.sample_rate_hz)) + 1;
}

std::vector<mic> validated(std::vector<mic> mics, const doa_config& cfg) {
  if (mics.size() < 2 || cfg.azimuth_steps < 3)
    throw std::invalid_argument("doa_estimator: need two mics and three azimuths");
  return mics;
}

} // namespace

std::vector<mic> uma8_geometry() {
  constexpr float radius_m = 0.043f;
  std::vector<mic> mics{{0.f, 0.f, 0}};
  for (std::size_t i = 0; i < 6; ++i) {
    const float angle = static_cast<float>(i) * pi / 3.f;
    mics.push_back({radius_m * std::cos(angle), radius_m * std::sin(angle), i + 1});
  }
  return mics;
}

doa_estimator::doa_estimator(const doa_config& cfg, std::vector<mic> geometry)
  : cfg_(cfg),
    mics_(validated(std::move(geometry), cfg)),
    history_(cfg.channels, mic_channels(mics_), cfg.fft_size),
    gcc_(cfg.fft_size, cfg.sample_rate_hz, cfg.min_hz, cfg.max_hz,
         max_pair_lag(mics_, cfg)),
    window_(hann_window(cfg.fft_size)),
    windowed_(2 * cfg.fft_size),
    spectra_((mics_.size() + 1) * (cfg.fft_size / 2 + 1)) {
  for (std::size_t a = 0; a < mics_.size(); ++a)
    for (std::size_t b = a + 1; b < mics_.size(); ++b)
      pairs_.push_back({a, b});
  curves_.resize(pairs_.size() * (gcc_.curve_size() + gcc_.fine_size()));
  // Expected lag of each pair for each azimuth, as a fine-grid position:
  // a far-field source in direction u reaches mic m at -dot(m, u) / c.
  const float samples_per_m = cfg.sample_rate_hz / cfg.speed_of_sound_m_per_s;
  expected_lag_.resize(cfg.azimuth_steps * pairs_.size());
  for (std::size_t s = 0; s < cfg.azimuth_steps; ++s) {
    const float az = 2.f * pi * static_cast<float>(s) / static_cast<float>(cfg.azimuth_steps);
    const float ux = std::cos(az);
    const float uy = std::sin(az);
    for (std::size_t p = 0; p < pairs_.size(); ++p) {
      const mic& a = mics_[pairs_[p].a];
      const mic& b = mics_[pairs_[p].b];
      const float lag = -((a.x_m - b.x_m) * ux + (a.y_m - b.y_m) * uy) * samples_per_m;
      expected_lag_[s * pairs_.size() + p] =
        (lag + static_cast<float>(gcc_.max_lag())) * static_cast<float>(gcc_.oversample());
    }
  }
  response_.resize(cfg.azimuth_steps);
}

const doa_result& doa_estimator::process(const float* interleaved, std::size_t frames) {
  if (frames == 0)
    return result_;
  history_.push(interleaved, frames);
  result_.valid = block_level_dbfs(interleaved, frames) >= cfg_.gate_dbfs;
  compute_curves();
  steer();
  return result_;
}

float doa_estimator::block_level_dbfs(const float* interleaved, std::size_t frames) const {
  double sum = 0.0;
  for (std::size_t i = 0; i < frames; ++i)
    for (const auto& m : mics_) {
      const double v = interleaved[i * cfg_.channels + m.channel];
      sum += v * v;
    }
  const double mean = frames > 0 ? sum / static_cast<double>(frames * mics_.size()) : 0.0;
  return mean > 0.0 ? static_cast<float>(10.0 * std::log10(mean)) : -200.f;
}

void doa_estimator::compute_curves() {
  const std::size_t n = cfg_.fft_size;
  const std::size_t bins = n / 2 + 1;
  float* a = windowed_.data();
  float* b = windowed_.data() + n;
  for (std::size_t m = 0; m < mics_.size(); m += 2) {
    const float* xa = history_.channel(m);
    const bool has_b = m + 1 < mics_.size();
    for (std::size_t i = 0; i < n; ++i) {
      a[i] = xa[i] * window_[i];
      b[i] = has_b ? history_.channel(m + 1)[i] * window_[i] : 0.f;
    }
    // With an odd mic count the last transform pairs with silence and its
    // second spectrum lands in the spare slot after the last mic.
    gcc_.transform_pair(a, b, &spectra_[m * bins], &spectra_[(m + 1) * bins]);
  }
  const std::size_t curve = gcc_.curve_size();
  const std::size_t stride = curve + gcc_.fine_size();
  for (std::size_t p = 0; p < pairs_.size(); p += 2) {
    // With an odd pair count the last pair is correlated twice into itself.
    const std::size_t q = std::min(p + 1, pairs_.size() - 1);
    float* c1 = &curves_[p * stride];
    float* c2 = &curves_[q * stride];
    gcc_.correlate_two(&spectra_[pairs_[p].a * bins], &spectra_[pairs_[p].b * bins],
                       &spectra_[pairs_[q].a * bins], &spectra_[pairs_[q].b * bins],
                       c1, c2);
    gcc_.upsample(c1, c1 + curve);
    if (q != p)
      gcc_.upsample(c2, c2 + curve);
  }
}

void doa_estimator::steer() {
  const std::size_t pairs = pairs_.size();
  const std::size_t curve = gcc_.curve_size();
  const std::size_t stride = curve + gcc_.fine_size();
  const std::size_t last = gcc_.fine_size() - 1;
  std::size_t best = 0;
  for (std::size_t s = 0; s < cfg_.azimuth_steps; ++s) {
    const float* pos = &expected_lag_[s * pairs];
    float sum = 0.f;
    for (std::size_t p = 0; p < pairs; ++p) {
      const float* fine = &curves_[p * stride + curve];
      const auto i = std::min(static_cast<std::size_t>(pos[p]), last - 1);
      const float frac = pos[p] - static_cast<float>(i);
      sum += fine[i] + frac * (fine[i + 1] - fine[i]);
    }
    response_[s] = sum / static_cast<float>(pairs);
    if (response_[s] > response_[best])
      best = s;
  }
  const std::size_t steps = cfg_.azimuth_steps;
  const float left = response_[(best + steps - 1) % steps];
  const float right = response_[(best + 1) % steps];
  const float peak = response_[best];
  const float curvature = left - 2.f * peak + right;
  const float offset = curvature < 0.f ? 0.5f * (left - right) / curvature : 0.f;
  const float step_deg = 360.f / static_cast<float>(steps);
  float az = (static_cast<float>(best) + std::clamp(offset, -0.5f, 0.5f)) * step_deg;
  if (az < 0.f)
    az += 360.f;
  if (az >= 360.f)
    az -= 360.f;
  result_.azimuth_deg = az;
  result_.confidence = std::clamp(peak, 0.f, 1.f);
}

} // namespace lume::features

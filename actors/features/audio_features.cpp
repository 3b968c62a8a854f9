#include "actors/features/audio_features.hpp"

#include "actors/features/window.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace lume::features {

namespace {

const audio_config& validated(const audio_config& cfg) {
  if (cfg.channels == 0 || cfg.channels > max_audio_channels)
    throw std::invalid_argument("audio_features: bad channel count");
  if (cfg.analysis_channel >= cfg.channels)
    throw std::invalid_argument("audio_features: analysis channel out of range");
  return cfg;
}

float to_dbfs(float rms) {
  return rms > 0.f ? std::max(20.f * std::log10(rms), silence_dbfs) : silence_dbfs;
}

} // namespace

audio_features::audio_features(const audio_config& cfg)
  : cfg_(validated(cfg)),
    history_(cfg.channels, {cfg.analysis_channel}, cfg.fft_size),
    fft_(cfg.fft_size),
    onset_(cfg.fft_size / 2 + 1, cfg.onset),
    window_(hann_window(cfg.fft_size)),
    spectrum_(cfg.fft_size),
    magnitudes_(cfg.fft_size / 2 + 1) {
  // A full-scale sine at a bin centre has magnitude 1.
  magnitude_scale_ = 2.f / std::accumulate(window_.begin(), window_.end(), 0.f);
}

const audio_result& audio_features::process(const float* interleaved,
                                            std::size_t frames) {
  if (frames == 0)
    return result_;
  compute_levels(interleaved, frames);
  history_.push(interleaved, frames);
  compute_spectrum();
  const float hop_s = static_cast<float>(frames) / cfg_.sample_rate_hz;
  result_.onset = onset_.process(magnitudes_.data(), hop_s);
  return result_;
}

void audio_features::compute_levels(const float* interleaved, std::size_t frames) {
  const std::size_t channels = cfg_.channels;
  std::array<double, max_audio_channels> sum{};
  for (std::size_t i = 0; i < frames; ++i) {
    const float* frame = interleaved + i * channels;
    for (std::size_t c = 0; c < channels; ++c)
      sum[c] += static_cast<double>(frame[c]) * frame[c];
  }
  double total = 0.0;
  for (std::size_t c = 0; c < channels; ++c) {
    total += sum[c];
    const double mean = frames > 0 ? sum[c] / static_cast<double>(frames) : 0.0;
    result_.rms[c] = static_cast<float>(std::sqrt(mean));
    result_.rms_dbfs[c] = to_dbfs(result_.rms[c]);
  }
  const double samples = static_cast<double>(frames * channels);
  result_.mix_rms = samples > 0 ? static_cast<float>(std::sqrt(total / samples)) : 0.f;
  result_.mix_dbfs = to_dbfs(result_.mix_rms);
}

void audio_features::compute_spectrum() {
  const float* x = history_.channel(0);
  const std::size_t n = cfg_.fft_size;
  for (std::size_t i = 0; i < n; ++i)
    spectrum_[i] = cfloat(x[i] * window_[i], 0.f);
  fft_.forward(spectrum_.data());
  const std::size_t bins = magnitudes_.size();
  const float bin_hz = cfg_.sample_rate_hz / static_cast<float>(n);
  double weighted = 0.0;
  double total = 0.0;
  for (std::size_t k = 0; k < bins; ++k) {
    const cfloat x = spectrum_[k];
    const float m = std::sqrt(x.real() * x.real() + x.imag() * x.imag()) * magnitude_scale_;
    magnitudes_[k] = m;
    const double power = static_cast<double>(m) * static_cast<double>(m);
    weighted += power * static_cast<double>(k) * bin_hz;
    total += power;
  }
  const bool audible = result_.rms_dbfs[cfg_.analysis_channel] >= cfg_.centroid_gate_dbfs;
  result_.centroid_hz = audible && total > 0.0 ? static_cast<float>(weighted / total) : 0.f;
}

} // namespace lume::features

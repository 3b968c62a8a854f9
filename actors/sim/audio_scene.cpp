#include "actors/sim/audio_scene.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "actors/sim/noise.hpp"

namespace lume::sim {

namespace {

constexpr double pi = 3.14159265358979323846;
/// Half-length of the fractional delay filter: 2 · 16 + 1 taps.
constexpr int half_taps = 16;
constexpr std::size_t tap_count = 2 * half_taps + 1;
/// Largest whole-sample delay of a mic on the 43 mm ring (6 samples at
/// 48 kHz), rounded up for any rate up to 96 kHz.
constexpr int max_whole_delay = 13;

/// Key spaces of the noise hashes.
constexpr std::uint64_t click_stream = 11;
constexpr std::uint64_t hat_stream = 12;
constexpr std::uint64_t air_stream = 13;
constexpr std::uint64_t mic_stream = 20;

/// A minor 7 (A3 C4 E4 G4), Hz; each voice also sounds 0.3 % sharp.
constexpr std::array<double, 4> pad_hz = {220.0, 261.63, 329.63, 392.0};

double sine_at(double hz, double t_s) {
  double cycles = hz * t_s;
  cycles -= std::floor(cycles);
  return std::sin(2 * pi * cycles);
}

} // namespace

audio_scene::audio_scene(const audio_scene_config& cfg)
  : cfg_(cfg), mics_(features::uma8_geometry()), taps_(mics_.size() * tap_count) {
  cfg_.sample_rate_hz = std::clamp<std::uint32_t>(cfg_.sample_rate_hz, 8000, 96000);
  cfg_.channels = std::clamp<std::uint16_t>(cfg_.channels, 1, audio_scene_config::max_channels);
  cfg_.bpm = std::clamp(cfg_.bpm, 30.f, 300.f);
}

float audio_scene::azimuth_deg(std::uint64_t n) const {
  const double turned = static_cast<double>(cfg_.azimuth_rate_deg_per_s)
                        * static_cast<double>(n) / cfg_.sample_rate_hz;
  double az = std::fmod(cfg_.start_azimuth_deg + turned, 360.0);
  if (az < 0)
    az += 360.0;
  return static_cast<float>(az);
}

float audio_scene::source(std::int64_t n) const {
  if (n < 0)
    return 0.f;
  const auto key = static_cast<std::uint64_t>(n);
  const double t = static_cast<double>(n) / cfg_.sample_rate_hz;
  const double beat = 60.0 / cfg_.bpm;

  const double since_beat = std::fmod(t, beat);
  double kick = 0;
  if (since_beat < 0.4) {
    // Pitch falls from 155 Hz to 45 Hz with a 30 ms time constant; the
    // phase is the integral of that frequency.
    const double sweep = 0.03 * (1 - std::exp(-since_beat / 0.03));
    kick = 0.6 * std::exp(-since_beat / 0.08) * std::sin(2 * pi * (45 * since_beat + 110 * sweep))
           + 0.25 * std::exp(-since_beat / 0.0015) * uniform_signed(key_of(click_stream, key));
  }

  const double eighth = beat / 2;
  const double since_eighth = std::fmod(t, eighth);
  const bool off_beat = static_cast<std::uint64_t>(t / eighth) % 2 == 1;
  // First difference of white noise: a bright, high-passed hiss.
  const double hiss = 0.5 * (uniform_signed(key_of(hat_stream, key))
                             - uniform_signed(key_of(hat_stream, key - 1)));
  const double hat = (off_beat ? 0.10 : 0.05) * std::exp(-since_eighth / 0.025) * hiss;

  const double swell = 0.6 + 0.4 * std::sin(2 * pi * t / (8 * beat));
  double pad = 0;
  for (const double hz : pad_hz)
    pad += sine_at(hz, t) + sine_at(hz * 1.003, t);
  pad *= 0.03 * swell;

  const double air = 0.015 * uniform_signed(key_of(air_stream, key));
  return static_cast<float>(kick + hat + pad + air);
}

void audio_scene::render(std::uint64_t first_sample, std::size_t frames, float* out) {
  const std::size_t channels = cfg_.channels;
  std::fill(out, out + frames * channels, 0.f);
  // The source from `margin` samples before the block to `margin` after it
  // covers every tap of every mic's delay.
  constexpr int margin = max_whole_delay + half_taps + 1;
  const auto first = static_cast<std::int64_t>(first_sample);
  source_.resize(frames + 2 * margin);
  for (std::size_t j = 0; j < source_.size(); ++j)
    source_[j] = source(first - margin + static_cast<std::int64_t>(j));

  const double az = azimuth_deg(first_sample) * pi / 180;
  const double ux = std::cos(az);
  const double uy = std::sin(az);
  for (std::size_t m = 0; m < mics_.size(); ++m) {
    const auto& mic = mics_[m];
    if (mic.channel >= channels)
      continue;
    // Mic m hears the source `lead` earlier: a delay of −lead samples.
    const double lead = (mic.x_m * ux + mic.y_m * uy) / cfg_.speed_of_sound_m_per_s
                        * cfg_.sample_rate_hz;
    const double delay = std::clamp(-lead, -double(max_whole_delay), double(max_whole_delay));
    const int whole = static_cast<int>(std::floor(delay));
    const double frac = delay - whole;
    float* taps = taps_.data() + m * tap_count;
    double sum = 0;
    for (int k = -half_taps; k <= half_taps; ++k) {
      const double x = k - frac;
      const double sinc = std::abs(x) < 1e-9 ? 1.0 : std::sin(pi * x) / (pi * x);
      const double window = 0.42 + 0.5 * std::cos(pi * x / (half_taps + 1))
                            + 0.08 * std::cos(2 * pi * x / (half_taps + 1));
      taps[k + half_taps] = static_cast<float>(sinc * window);
      sum += sinc * window;
    }
    for (std::size_t k = 0; k < tap_count; ++k)
      taps[k] = static_cast<float>(taps[k] / sum);
    // y[i] = Σ_k s[i − whole − k] · h(k − frac).
    for (std::size_t i = 0; i < frames; ++i) {
      const float* s = source_.data() + margin + static_cast<std::ptrdiff_t>(i) - whole;
      float y = 0.f;
      for (int k = -half_taps; k <= half_taps; ++k)
        y += s[-k] * taps[k + half_taps];
      const std::uint64_t n = first_sample + i;
      y += cfg_.mic_noise_rms * approx_normal(key_of(mic_stream + mic.channel, n));
      out[i * channels + mic.channel] = std::clamp(y, -1.f, 1.f);
    }
  }
}

} // namespace lume::sim

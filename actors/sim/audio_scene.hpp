#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "actors/features/doa.hpp"
#include "actors/sim/dancer.hpp"

namespace lume::sim {

/// The sound field at a UMA-8 microphone array. Out-of-range values are
/// clamped: rate to [8000, 96000] Hz, channels to [1, max_channels], bpm to
/// [30, 300].
struct audio_scene_config {
  static constexpr std::uint16_t max_channels = 32;

  std::uint32_t sample_rate_hz = 48000;
  /// Interleaved channels: mic i of the UMA-8 on channel i (0 the centre,
  /// 1..6 the 43 mm ring at 0, 60, …, 300°); channels past 6 are silent, and
  /// mics past the last channel are left out.
  std::uint16_t channels = 8;
  float bpm = default_bpm;
  float start_azimuth_deg = 0.f;
  float azimuth_rate_deg_per_s = 20.f;
  float speed_of_sound_m_per_s = 343.f;
  float mic_noise_rms = 2e-4f; ///< independent noise on each mic (−74 dBFS)
};

/// Music from one far-field source circling the array, as the UMA-8's mics
/// hear it. The source: a kick on every beat (155 → 45 Hz sweep with a click),
/// hats on every eighth (off-beats louder), an A minor 7 pad swelling over two
/// bars, and a quiet broadband air noise. Mic m hears it advanced by
/// dot(position_m, direction) / c (the doa_estimator's convention), through a
/// 33-tap Blackman-windowed sinc fractional delay; the azimuth turns at
/// `azimuth_rate_deg_per_s` and is held constant within a rendered block.
/// A pure function of the sample index: any block can be rendered anytime.
class audio_scene {
public:
  explicit audio_scene(const audio_scene_config& cfg = {});

  /// Writes `frames` interleaved frames (frames × channels floats in
  /// [−1, 1]) starting at sample `first_sample` into `out`.
  void render(std::uint64_t first_sample, std::size_t frames, float* out);

  /// The source azimuth at sample `n`, degrees in [0, 360).
  float azimuth_deg(std::uint64_t n) const;

  /// The dry source signal at sample `n` (0 before the start).
  float source(std::int64_t n) const;

  const audio_scene_config& config() const { return cfg_; }

private:
  audio_scene_config cfg_;
  std::vector<features::mic> mics_;
  std::vector<float> source_;
  std::vector<float> taps_;
};

} // namespace lume::sim

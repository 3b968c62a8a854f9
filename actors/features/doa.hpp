#pragma once

#include "actors/features/channel_history.hpp"
#include "actors/features/gcc_phat.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lume::features {

/// One microphone of a planar array: position in metres in the array plane,
/// and its channel in the interleaved stream.
struct mic {
  float x_m = 0.f;
  float y_m = 0.f;
  std::size_t channel = 0;
};

/// miniDSP UMA-8: mic 0 at the centre (channel 0), mics 1..6 on a 43 mm
/// ring at 0, 60, ..., 300 degrees (channels 1..6). Azimuth 0 points from
/// the centre to mic 1, increasing towards mic 2.
std::vector<mic> uma8_geometry();

/// Direction-of-arrival settings.
struct doa_config {
  float sample_rate_hz = 48000.f;
  /// Channels per interleaved frame.
  std::size_t channels = 8;
  /// Analysis length, a power of two (newest samples, Hann windowed).
  std::size_t fft_size = 2048;
  /// Speed of sound, m/s.
  float speed_of_sound_m_per_s = 343.f;
  /// Band used by GCC-PHAT, Hz.
  float min_hz = 300.f;
  float max_hz = 8000.f;
  /// Candidate azimuths over the full circle.
  std::size_t azimuth_steps = 360;
  /// Below this mean mic level over the block the result is not valid, dBFS.
  float gate_dbfs = -70.f;
};

/// Direction-of-arrival estimate for one block.
struct doa_result {
  /// Level above the gate: the estimate describes a real source.
  bool valid = false;
  /// Source azimuth in the array plane, degrees in [0, 360).
  float azimuth_deg = 0.f;
  /// Mean GCC-PHAT coherence over pairs at the chosen azimuth: about 1 for a
  /// single clean far-field source, near 0 for diffuse noise.
  float confidence = 0.f;
};

/// Far-field azimuth estimation by steered response power over GCC-PHAT
/// curves of all mic pairs, with fractional-lag interpolation and parabolic
/// refinement of the best azimuth. Allocation-free after construction.
class doa_estimator {
public:
  /// @throws std::invalid_argument on fewer than two mics, a channel out of
  /// range or a bad FFT size.
  explicit doa_estimator(const doa_config& cfg = {},
                         std::vector<mic> geometry = uma8_geometry());

  /// Processes `frames` interleaved frames (an empty block changes nothing);
  /// the reference stays valid until the next call.
  const doa_result& process(const float* interleaved, std::size_t frames);

private:
  struct mic_pair {
    std::size_t a;
    std::size_t b;
  };

  float block_level_dbfs(const float* interleaved, std::size_t frames) const;
  void compute_curves();
  void steer();

  doa_config cfg_;
  std::vector<mic> mics_;
  std::vector<mic_pair> pairs_;
  channel_history history_;
  gcc_phat gcc_;
  std::vector<float> window_;
  std::vector<float> windowed_;
  /// Spectra of each mic (fft_size / 2 + 1 bins) plus one spare slot.
  std::vector<cfloat> spectra_;
  /// Per pair: GCC-PHAT curve (curve_size) then its fine grid (fine_size).
  std::vector<float> curves_;
  /// Fine-grid position of each pair's expected lag, per azimuth step.
  std::vector<float> expected_lag_;
  std::vector<float> response_;
  doa_result result_;
};

} // namespace lume::features

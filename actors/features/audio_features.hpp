#pragma once

#include "actors/features/channel_history.hpp"
#include "actors/features/fft.hpp"
#include "actors/features/onset_detector.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace lume::features {

/// Most channels an audio_features instance accepts.
inline constexpr std::size_t max_audio_channels = 32;

/// Level floor reported for silence, dBFS.
inline constexpr float silence_dbfs = -120.f;

/// Audio feature settings.
struct audio_config {
  float sample_rate_hz = 48000.f;
  /// Channels per interleaved frame (at most max_audio_channels).
  std::size_t channels = 8;
  /// Spectral analysis length, a power of two: the newest `fft_size` samples
  /// of the analysis channel, Hann windowed, once per block. Twice the block
  /// length gives 50 % overlap.
  std::size_t fft_size = 2048;
  /// Channel used for onset and centroid.
  std::size_t analysis_channel = 0;
  /// Below this block level of the analysis channel the centroid is 0, dBFS.
  float centroid_gate_dbfs = -80.f;
  onset_config onset;
};

/// Audio features of one block.
struct audio_result {
  /// RMS of each channel over the block (linear, full scale = 1); entries
  /// past `channels` are 0.
  std::array<float, max_audio_channels> rms{};
  /// 20 log10(rms) per channel, floored at silence_dbfs: 0 dBFS is a
  /// constant full-scale signal, so a full-scale sine reads -3 dBFS.
  std::array<float, max_audio_channels> rms_dbfs{};
  /// RMS over all channels of the block, linear and dBFS.
  float mix_rms = 0.f;
  float mix_dbfs = silence_dbfs;
  /// Power-weighted (|X|^2) mean frequency of the analysis spectrum, Hz;
  /// power weighting keeps a low noise floor from dragging it upwards.
  float centroid_hz = 0.f;
  /// Spectral-flux onset of the analysis channel. A transient late in a
  /// block may be reported with the next block.
  onset_state onset;
};

/// Level, spectral centroid and onsets from interleaved float blocks.
/// Allocation-free after construction.
class audio_features {
public:
  /// @throws std::invalid_argument on a bad channel count, analysis channel
  /// or FFT size.
  explicit audio_features(const audio_config& cfg = {});

  /// Processes `frames` interleaved frames (`frames * channels` floats); an
  /// empty block changes nothing. The reference stays valid until the next
  /// call.
  const audio_result& process(const float* interleaved, std::size_t frames);

  const audio_config& config() const { return cfg_; }

private:
  void compute_levels(const float* interleaved, std::size_t frames);
  void compute_spectrum();

  audio_config cfg_;
  audio_result result_;
  channel_history history_;
  fft fft_;
  onset_detector onset_;
  std::vector<float> window_;
  std::vector<cfloat> spectrum_;
  std::vector<float> magnitudes_;
  float magnitude_scale_ = 0.f;
};

} // namespace lume::features

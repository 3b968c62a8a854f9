#pragma once

#include <cstddef>
#include <vector>

namespace lume::features {

/// Spectral-flux onset detector settings.
struct onset_config {
  /// Log compression: flux uses log(1 + compression * magnitude).
  float compression = 100.f;
  /// Number of past flux values whose median sets the adaptive threshold.
  std::size_t median_window = 16;
  /// threshold = offset + ratio * median(recent flux).
  float threshold_ratio = 1.5f;
  float threshold_offset = 0.02f;
  /// Minimum time between two onsets, seconds.
  float min_interval_s = 0.05f;
};

/// Onset detector output for one analysis frame.
struct onset_state {
  bool onset = false;
  /// flux / threshold: above 1 on an onset.
  float strength = 0.f;
  /// Mean half-wave rectified increase of log-compressed magnitude per bin.
  float flux = 0.f;
  /// Adaptive threshold the flux was compared against.
  float threshold = 0.f;
};

/// Real-time onset detection by spectral flux against an adaptive median
/// threshold. The first frame only primes the detector. Allocation-free after
/// construction.
class onset_detector {
public:
  /// @param bins magnitude bins per frame.
  onset_detector(std::size_t bins, const onset_config& cfg = {});

  /// @param magnitudes `bins` linear magnitudes (full-scale sine peak ~ 1).
  /// @param hop_s time since the previous frame, seconds.
  onset_state process(const float* magnitudes, float hop_s);

private:
  float median_of_history();

  onset_config cfg_;
  std::vector<float> previous_log_;
  std::vector<float> history_;
  std::vector<float> sort_scratch_;
  std::size_t history_count_ = 0;
  std::size_t history_next_ = 0;
  float since_onset_s_ = 0.f;
  bool primed_ = false;
};

} // namespace lume::features

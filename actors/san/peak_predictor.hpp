#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace lume {

/// Peak detection settings (kinetic energy in J, but any positive signal works).
struct peak_config {
  /// Smallest value that counts as a peak.
  double min_peak = 2.0;
  /// A peak is confirmed once the signal fell this fraction below it.
  double drop_fraction = 0.3;
  /// After a peak, the signal must rise this fraction above its trough
  /// before a new peak is looked for.
  double rise_fraction = 0.2;
  /// Peaks closer than this merge into the larger one, seconds.
  double min_interval_s = 0.15;
  /// Intervals the period estimate looks at.
  std::size_t history = 8;
};

/// The expected next peak, from the peaks so far.
struct peak_prediction {
  std::int64_t last_peak_us = 0; ///< time of the peak just confirmed
  double last_value = 0;
  std::int64_t next_peak_us = 0; ///< last peak + period
  double intensity = 0;          ///< mean of the recent peak values
  double period_s = 0;           ///< median of the recent intervals
  /// 0..1: how regular the recent intervals were (1 - median absolute
  /// deviation / period), scaled down while fewer than 3 intervals are known.
  double confidence = 0;
};

/// Finds the peaks of a signal (local maxima above `min_peak` confirmed by
/// a drop, with trough hysteresis) and predicts the next one from the
/// median interval of the recent ones: the motion's own rhythm, which the
/// SAN then places on the beat grid.
class peak_predictor {
public:
  explicit peak_predictor(const peak_config& cfg = {}) : cfg_(cfg) {}

  /// Takes one sample at `t_us`; a prediction when it confirms a peak and
  /// at least two peaks are known.
  std::optional<peak_prediction> push(double value, std::int64_t t_us);

  /// Peaks confirmed so far.
  std::uint64_t peaks() const { return peaks_; }

private:
  struct peak {
    std::int64_t t_us;
    double value;
  };

  std::optional<peak_prediction> confirm(const peak& p);
  peak_prediction predict() const;

  peak_config cfg_;
  bool rising_ = false;
  bool started_ = false;
  double trough_ = 0;
  peak candidate_{0, 0};
  std::deque<peak> recent_;
  std::uint64_t peaks_ = 0;
};

} // namespace lume

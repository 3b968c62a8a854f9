#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "actors/mapper/percentile_range.hpp"

namespace lume {

/// The input range of an `in = "auto"` parameter: running percentiles of
/// its feature, each sample weighted by exp(-age / decay), so the range
/// follows a new performer within a few `decay_s` and forgets an old one.
/// The range is at least `min_span` wide: a performer standing still keeps
/// the parameter near its low end (or, `neutral`, near the centre) instead
/// of stretching sensor noise to full scale; a neutral range centres on
/// the median, each side at least half `min_span` wide.
///
/// Samples older than 5 decays (weight below 0.7 %) are dropped, and the
/// oldest beyond `capacity`; the percentiles are recomputed at most every
/// `update_s` (after each of the first samples), which bounds the work at
/// high input rates.
class adaptive_range {
public:
  struct settings {
    double decay_s = 30;
    percentile_choice choice;
    double min_span = 1;
    bool neutral = false;
    std::size_t capacity = 8192;
    double update_s = 0.25;
  };

  explicit adaptive_range(settings x);

  /// Adds feature value `x` seen at `t_s` (seconds, not decreasing).
  void add(double x, double t_s);

  /// The current input range; [0, min_span] before the first sample.
  const input_range& range() const { return range_; }

  /// The percentiles the range was made of (nullopt before the first sample).
  const std::optional<percentiles>& last() const { return last_; }

  std::size_t samples() const { return samples_.size(); }

private:
  void update(double t_s);

  settings settings_;
  /// (time, value), oldest first.
  std::deque<std::pair<double, double>> samples_;
  std::vector<std::pair<double, double>> scratch_;
  input_range range_;
  std::optional<percentiles> last_;
  std::optional<double> updated_s_;
};

} // namespace lume

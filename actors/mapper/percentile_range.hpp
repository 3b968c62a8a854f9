#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace lume {

/// The percentiles an input range is made of (p5, median, p95 by default).
struct percentiles {
  double low = 0, median = 0, high = 0;
};

/// Which percentiles: fractions in (0, 1), low < 0.5 < high.
struct percentile_choice {
  double low = 0.05;
  double high = 0.95;
};

/// The weighted percentiles of `samples` (value, weight > 0), which it
/// sorts; nullopt if there are none. A percentile q is the smallest value
/// whose cumulative weight reaches q of the total.
std::optional<percentiles> weighted_percentiles(std::vector<std::pair<double, double>>& samples,
                                                percentile_choice choice);

/// An input range: [low, high], and with a centre (a neutral feature's
/// median) each side of it mapped to its half of the output range.
struct input_range {
  double low = 0, high = 1;
  std::optional<double> centre;
};

/// The input range from percentiles: [p_low, p_high], at least `min_span`
/// wide (it grows upwards from p_low, so noise stays at the low end); with
/// `neutral`, centred on the median, each side at least half `min_span`
/// wide. Nullopt if the range would be empty.
std::optional<input_range> range_of(const percentiles& p, double min_span, bool neutral);

} // namespace lume

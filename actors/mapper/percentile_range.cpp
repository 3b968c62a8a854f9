#include "actors/mapper/percentile_range.hpp"

#include <algorithm>

namespace lume {

std::optional<percentiles> weighted_percentiles(std::vector<std::pair<double, double>>& samples,
                                                percentile_choice choice) {
  if (samples.empty())
    return std::nullopt;
  std::sort(samples.begin(), samples.end());
  double total = 0;
  for (auto& sample : samples)
    total += sample.second;
  const double wanted[] = {choice.low * total, 0.5 * total, choice.high * total};
  double found[3] = {samples.back().first, samples.back().first, samples.back().first};
  std::size_t next = 0;
  double cumulative = 0;
  for (auto& [value, weight] : samples) {
    cumulative += weight;
    while (next < 3 && cumulative >= wanted[next])
      found[next++] = value;
    if (next == 3)
      break;
  }
  return percentiles{found[0], found[1], found[2]};
}

std::optional<input_range> range_of(const percentiles& p, double min_span, bool neutral) {
  if (neutral) {
    input_range result{std::min(p.low, p.median - min_span / 2),
                       std::max(p.high, p.median + min_span / 2), p.median};
    if (!(result.low < p.median && p.median < result.high))
      return std::nullopt;
    return result;
  }
  const double high = std::max(p.high, p.low + min_span);
  if (!(high > p.low))
    return std::nullopt;
  return input_range{p.low, high, std::nullopt};
}

} // namespace lume

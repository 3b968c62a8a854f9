#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace lume::bench {

using clock_type = std::chrono::steady_clock;

/// Percentiles of a sample of durations in microseconds.
struct summary {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
};

inline summary summarize(std::vector<double> xs) {
  if (xs.empty())
    return {};
  std::sort(xs.begin(), xs.end());
  auto at = [&](double q) { return xs[static_cast<size_t>(q * (xs.size() - 1))]; };
  return {at(0.50), at(0.99), xs.back()};
}

inline double micros_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::micro>(clock_type::now() - t0).count();
}

} // namespace lume::bench

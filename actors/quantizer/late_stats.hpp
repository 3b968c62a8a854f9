#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "system/clock/beat_clock.hpp"

namespace lume {

/// How late the quantizer's deliveries were sent: a window of the latest
/// errors (delivery time minus grid delivery time) for percentiles, and
/// totals since start.
class late_stats {
public:
  /// Percentiles over the window and the totals, in µs.
  struct summary {
    std::size_t samples = 0;
    int64_t p50_us = 0;
    int64_t p99_us = 0;
    int64_t max_us = 0;
    /// Deliveries since start later than `over_us`.
    uint64_t over = 0;
    int64_t over_us = 0;
  };

  /// Keeps the latest `window` errors; counts errors above `over`.
  explicit late_stats(std::size_t window = 4096, micros over = micros{100});

  void add(micros error);

  summary summarize() const;

private:
  std::vector<int64_t> ring_;
  std::size_t window_;
  std::size_t next_ = 0;
  micros over_;
  uint64_t over_count_ = 0;
  int64_t max_us_ = 0;
};

} // namespace lume

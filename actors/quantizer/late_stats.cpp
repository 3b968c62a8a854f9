#include "actors/quantizer/late_stats.hpp"

#include <algorithm>

namespace lume {

late_stats::late_stats(std::size_t window, micros over)
  : window_(std::max<std::size_t>(window, 1)), over_(over) {
  ring_.reserve(window_);
}

void late_stats::add(micros error) {
  const int64_t us = error.count();
  if (ring_.size() < window_)
    ring_.push_back(us);
  else
    ring_[next_] = us;
  next_ = (next_ + 1) % window_;
  max_us_ = std::max(max_us_, us);
  if (error > over_)
    ++over_count_;
}

late_stats::summary late_stats::summarize() const {
  summary result;
  result.over = over_count_;
  result.over_us = over_.count();
  result.max_us = max_us_;
  result.samples = ring_.size();
  if (ring_.empty())
    return result;
  auto sorted = ring_;
  std::sort(sorted.begin(), sorted.end());
  auto at = [&](double q) { return sorted[static_cast<std::size_t>(q * (sorted.size() - 1))]; };
  result.p50_us = at(0.50);
  result.p99_us = at(0.99);
  return result;
}

} // namespace lume

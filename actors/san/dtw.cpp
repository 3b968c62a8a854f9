#include "actors/san/dtw.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lume {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

} // namespace

double frame_distance(const double* a, const double* b, const std::vector<double>& scale) {
  double sum = 0;
  for (std::size_t d = 0; d < scale.size(); ++d) {
    const double x = (a[d] - b[d]) / scale[d];
    sum += x * x;
  }
  return std::sqrt(sum);
}

std::vector<double> scales_of(const feature_sequence& seq, double floor) {
  std::vector<double> result(seq.dims, floor);
  const auto n = seq.frames();
  if (n == 0)
    return result;
  for (std::size_t d = 0; d < seq.dims; ++d) {
    double mean = 0;
    for (std::size_t i = 0; i < n; ++i)
      mean += seq.frame(i)[d];
    mean /= static_cast<double>(n);
    double var = 0;
    for (std::size_t i = 0; i < n; ++i)
      var += (seq.frame(i)[d] - mean) * (seq.frame(i)[d] - mean);
    result[d] = std::max(std::sqrt(var / static_cast<double>(n)), floor);
  }
  return result;
}

subsequence_matcher::subsequence_matcher(feature_sequence pattern, std::vector<double> scale,
                                         double threshold)
  : pattern_(std::move(pattern)),
    scale_(std::move(scale)),
    threshold_(threshold),
    max_frames_(static_cast<std::uint32_t>(2 * pattern_.frames())),
    hold_frames_(static_cast<std::uint32_t>(std::max<std::size_t>(2, pattern_.frames() / 4))),
    previous_(pattern_.frames(), cell{infinity, 0, 0}),
    column_(pattern_.frames(), cell{infinity, 0, 0}),
    current_(infinity) {}

std::optional<dtw_match> subsequence_matcher::push(const double* x, std::int64_t t_us) {
  const std::size_t m = pattern_.frames();
  if (m == 0)
    return std::nullopt;
  for (std::size_t i = 0; i < m; ++i) {
    const double d = frame_distance(x, pattern_.frame(i), scale_);
    cell from{0, 0, t_us};
    if (i > 0) {
      from = previous_[i];
      if (previous_[i - 1].cost < from.cost)
        from = previous_[i - 1];
      if (i > 1 && previous_[i - 2].cost < from.cost)
        from = previous_[i - 2];
    }
    if (from.cost == infinity || from.frames + 1 > max_frames_) {
      column_[i] = {infinity, 0, 0};
      continue;
    }
    column_[i] = {from.cost + d, from.frames + 1, from.start_us};
  }
  std::swap(previous_, column_);
  const auto& end = previous_[m - 1];
  current_ = end.cost / static_cast<double>(m);
  if (current_ < threshold_ && (!best_ || current_ < best_->cost)) {
    best_ = dtw_match{current_, 1 - current_ / threshold_, end.start_us, t_us};
    since_best_ = 0;
    return std::nullopt;
  }
  if (!best_ || ++since_best_ < hold_frames_)
    return std::nullopt;
  auto found = *best_;
  best_.reset();
  for (auto& c : previous_)
    if (c.cost != infinity && c.start_us <= found.end_us)
      c = {infinity, 0, 0};
  current_ = infinity;
  return found;
}

} // namespace lume

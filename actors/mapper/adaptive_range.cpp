#include "actors/mapper/adaptive_range.hpp"

#include <cmath>

namespace lume {

namespace {

/// Samples recomputed after each one while there are fewer.
constexpr std::size_t warm_up_samples = 16;

} // namespace

adaptive_range::adaptive_range(settings x) : settings_(x), range_{0, x.min_span, std::nullopt} {}

void adaptive_range::add(double x, double t_s) {
  if (!std::isfinite(x))
    return;
  samples_.emplace_back(t_s, x);
  while (samples_.size() > settings_.capacity
         || (!samples_.empty() && samples_.front().first < t_s - 5 * settings_.decay_s))
    samples_.pop_front();
  if (samples_.size() <= warm_up_samples || !updated_s_ || t_s - *updated_s_ >= settings_.update_s)
    update(t_s);
}

void adaptive_range::update(double t_s) {
  scratch_.clear();
  for (auto& [t, x] : samples_)
    scratch_.emplace_back(x, std::exp((t - t_s) / settings_.decay_s));
  last_ = weighted_percentiles(scratch_, settings_.choice);
  if (last_)
    if (auto range = range_of(*last_, settings_.min_span, settings_.neutral))
      range_ = *range;
  updated_s_ = t_s;
}

} // namespace lume

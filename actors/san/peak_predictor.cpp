#include "actors/san/peak_predictor.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lume {

namespace {

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  const auto n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : 0.5 * (xs[n / 2 - 1] + xs[n / 2]);
}

} // namespace

std::optional<peak_prediction> peak_predictor::push(double value, std::int64_t t_us) {
  if (!started_) {
    started_ = true;
    trough_ = value;
    return std::nullopt;
  }
  if (!rising_) {
    trough_ = std::min(trough_, value);
    if (value > trough_ + cfg_.rise_fraction * std::max(trough_, cfg_.min_peak)) {
      rising_ = true;
      candidate_ = {t_us, value};
    }
    return std::nullopt;
  }
  if (value >= candidate_.value) {
    candidate_ = {t_us, value};
    return std::nullopt;
  }
  if (value > candidate_.value * (1 - cfg_.drop_fraction))
    return std::nullopt;
  rising_ = false;
  trough_ = value;
  if (candidate_.value < cfg_.min_peak)
    return std::nullopt;
  return confirm(candidate_);
}

std::optional<peak_prediction> peak_predictor::confirm(const peak& p) {
  const auto min_gap_us = static_cast<std::int64_t>(cfg_.min_interval_s * 1e6);
  if (!recent_.empty() && p.t_us - recent_.back().t_us < min_gap_us) {
    if (p.value > recent_.back().value)
      recent_.back() = p;
  } else {
    recent_.push_back(p);
    ++peaks_;
    while (recent_.size() > cfg_.history + 1)
      recent_.pop_front();
  }
  if (recent_.size() < 2)
    return std::nullopt;
  return predict();
}

peak_prediction peak_predictor::predict() const {
  std::vector<double> intervals;
  for (std::size_t i = 1; i < recent_.size(); ++i)
    intervals.push_back(static_cast<double>(recent_[i].t_us - recent_[i - 1].t_us) * 1e-6);
  const double period = median(intervals);
  std::vector<double> deviations;
  for (auto x : intervals)
    deviations.push_back(std::abs(x - period));
  const double regularity = std::clamp(1 - median(deviations) / period, 0.0, 1.0);
  const double known = std::min(1.0, static_cast<double>(intervals.size()) / 3);
  const std::size_t n = std::min<std::size_t>(recent_.size(), 4);
  double intensity = 0;
  for (std::size_t i = recent_.size() - n; i < recent_.size(); ++i)
    intensity += recent_[i].value;
  peak_prediction result;
  result.last_peak_us = recent_.back().t_us;
  result.last_value = recent_.back().value;
  result.period_s = period;
  result.next_peak_us = result.last_peak_us + static_cast<std::int64_t>(period * 1e6);
  result.intensity = intensity / static_cast<double>(n);
  result.confidence = regularity * known;
  return result;
}

} // namespace lume

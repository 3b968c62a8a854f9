#include "actors/features/onset_detector.hpp"

#include <algorithm>
#include <cmath>

namespace lume::features {

onset_detector::onset_detector(std::size_t bins, const onset_config& cfg)
  : cfg_(cfg),
    previous_log_(bins, 0.f),
    history_(std::max<std::size_t>(cfg.median_window, 1), 0.f),
    sort_scratch_(history_.size(), 0.f) {
  since_onset_s_ = cfg_.min_interval_s;
}

float onset_detector::median_of_history() {
  if (history_count_ == 0)
    return 0.f;
  std::copy(history_.begin(), history_.begin() + static_cast<std::ptrdiff_t>(history_count_),
            sort_scratch_.begin());
  const auto mid = sort_scratch_.begin() + static_cast<std::ptrdiff_t>(history_count_ / 2);
  std::nth_element(sort_scratch_.begin(), mid,
                   sort_scratch_.begin() + static_cast<std::ptrdiff_t>(history_count_));
  return *mid;
}

onset_state onset_detector::process(const float* magnitudes, float hop_s) {
  float flux = 0.f;
  const std::size_t bins = previous_log_.size();
  for (std::size_t k = 0; k < bins; ++k) {
    const float l = std::log1p(cfg_.compression * magnitudes[k]);
    flux += std::max(0.f, l - previous_log_[k]);
    previous_log_[k] = l;
  }
  flux /= static_cast<float>(bins);
  onset_state s;
  since_onset_s_ += hop_s;
  if (!primed_) {
    primed_ = true;
    return s;
  }
  s.flux = flux;
  s.threshold = cfg_.threshold_offset + cfg_.threshold_ratio * median_of_history();
  s.strength = s.threshold > 0.f ? flux / s.threshold : 0.f;
  if (flux > s.threshold && since_onset_s_ >= cfg_.min_interval_s) {
    s.onset = true;
    since_onset_s_ = 0.f;
  }
  history_[history_next_] = flux;
  history_next_ = (history_next_ + 1) % history_.size();
  history_count_ = std::min(history_count_ + 1, history_.size());
  return s;
}

} // namespace lume::features

#include "actors/sensors/sender_timeline.hpp"

#include <algorithm>

namespace lume {

std::int64_t sender_timeline::to_host(std::int64_t sender_us, std::int64_t received_us) {
  const double observed = static_cast<double>(received_us - sender_us);
  if (!offset_us_) {
    offset_us_ = observed;
    above_samples_ = 0;
  } else {
    const double elapsed = static_cast<double>(std::max<std::int64_t>(received_us - last_received_us_, 0));
    const double offset = *offset_us_ + elapsed * settings_.drift_ppm * 1e-6;
    const double step = static_cast<double>(settings_.step_us);
    if (observed < offset - step) {
      offset_us_ = offset;
      reanchor(observed);
    } else if (observed > offset + step) {
      offset_us_ = offset;
      if (above_samples_++ == 0) {
        above_since_us_ = received_us;
        above_min_us_ = observed;
      }
      above_min_us_ = std::min(above_min_us_, observed);
      if (received_us - above_since_us_ >= settings_.settle_us
          && above_samples_ >= settings_.settle_samples)
        reanchor(above_min_us_);
    } else {
      offset_us_ = std::min(offset, observed);
      above_samples_ = 0;
    }
  }
  last_received_us_ = received_us;
  return std::min(sender_us + static_cast<std::int64_t>(*offset_us_), received_us);
}

void sender_timeline::reset() {
  offset_us_.reset();
  above_samples_ = 0;
}

void sender_timeline::reanchor(double offset_us) {
  last_step_us_ = static_cast<std::int64_t>(offset_us - *offset_us_);
  offset_us_ = offset_us;
  above_samples_ = 0;
  ++reanchors_;
}

} // namespace lume

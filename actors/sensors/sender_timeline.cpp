#include "actors/sensors/sender_timeline.hpp"

#include <algorithm>

namespace lume {

std::int64_t sender_timeline::to_host(std::int64_t sender_us, std::int64_t received_us) {
  const double observed = static_cast<double>(received_us - sender_us);
  if (!offset_us_) {
    offset_us_ = observed;
  } else {
    const double elapsed = static_cast<double>(std::max<std::int64_t>(received_us - last_received_us_, 0));
    offset_us_ = std::min(*offset_us_ + elapsed * drift_ppm_ * 1e-6, observed);
  }
  last_received_us_ = received_us;
  return std::min(sender_us + static_cast<std::int64_t>(*offset_us_), received_us);
}

} // namespace lume

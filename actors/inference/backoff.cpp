#include "actors/inference/backoff.hpp"

#include <algorithm>

namespace lume {

caf::timespan backoff::ceiling(std::uint32_t attempt) const {
  auto delay = base_;
  for (std::uint32_t i = 1; i < attempt && delay < max_; ++i)
    delay *= 2;
  return std::min(delay, max_);
}

caf::timespan backoff::delay(std::uint32_t attempt) {
  auto full = ceiling(attempt).count();
  std::uniform_int_distribution<caf::timespan::rep> jitter{0, full / 2};
  return caf::timespan{full - full / 2 + jitter(random_)};
}

} // namespace lume

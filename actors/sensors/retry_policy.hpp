#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

#include <caf/timespan.hpp>

namespace lume {

/// How often a sensor tries again to open a source that is not there:
/// `first` after the first failure, doubling after each further one, never
/// more than `max` apart.
struct retry_policy {
  caf::timespan first = std::chrono::milliseconds{500};
  caf::timespan max = std::chrono::seconds{5};

  /// The wait after `failures` failed attempts in a row (at least 1).
  caf::timespan delay_after(std::uint64_t failures) const {
    auto delay = first;
    for (std::uint64_t i = 1; i < failures && delay < max; ++i)
      delay *= 2;
    return std::min(delay, max);
  }
};

} // namespace lume

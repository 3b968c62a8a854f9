#pragma once

#include <cstdint>
#include <random>

#include <caf/timespan.hpp>

namespace lume {

/// Retry delays: exponential from `base`, doubling per attempt up to `max`,
/// with "equal jitter" (half the delay fixed, the other half uniformly
/// random), so that several clients that failed together do not retry in
/// step. Seeded, so tests repeat.
class backoff {
public:
  backoff(caf::timespan base, caf::timespan max, std::uint64_t seed)
    : base_(base), max_(max), random_(seed) {
  }

  /// The delay before retry number `attempt` (1 = the first retry).
  caf::timespan delay(std::uint32_t attempt);

  /// Without jitter: min(max, base · 2^(attempt − 1)).
  caf::timespan ceiling(std::uint32_t attempt) const;

private:
  caf::timespan base_;
  caf::timespan max_;
  std::mt19937_64 random_;
};

} // namespace lume

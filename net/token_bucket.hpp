#pragma once

#include <algorithm>
#include <chrono>

/// A token bucket: `rate` tokens a second, at most `burst` saved up, full at
/// first; one token per request, message or line (the bus, the inspection
/// port). Time is passed in (steady_clock).
namespace lume::net {

class token_bucket {
public:
  using clock = std::chrono::steady_clock;

  token_bucket(double rate, double burst, clock::time_point now)
    : rate_(rate), burst_(burst), tokens_(burst), at_(now) {}

  /// Takes one token if there is one.
  bool take(clock::time_point now) {
    refill(now);
    if (tokens_ < 1)
      return false;
    tokens_ -= 1;
    return true;
  }

  /// True if a request now would be refused.
  bool empty(clock::time_point now) {
    refill(now);
    return tokens_ < 1;
  }

  /// True once the bucket has refilled completely (nothing to remember).
  bool full(clock::time_point now) {
    refill(now);
    return tokens_ >= burst_;
  }

private:
  void refill(clock::time_point now) {
    if (now <= at_)
      return;
    tokens_ = std::min(burst_, tokens_ + rate_ * std::chrono::duration<double>(now - at_).count());
    at_ = now;
  }

  double rate_;
  double burst_;
  double tokens_;
  clock::time_point at_;
};

} // namespace lume::net

#pragma once

#include <deque>

#include <caf/actor_clock.hpp>

#include "system/config/node_config.hpp"

namespace lume {

/// OTP's restart intensity: a supervisor may restart at most `intensity`
/// times within any `period`; one more restart means it gives up.
class restart_intensity {
public:
  explicit restart_intensity(const supervisor_flags& flags)
    : max_(flags.intensity), period_(flags.period) {
  }

  /// Records a restart at `now`; false if this exceeds the intensity.
  bool record(caf::actor_clock::time_point now) {
    restarts_.push_back(now);
    while (!restarts_.empty() && now - restarts_.front() > period_)
      restarts_.pop_front();
    return static_cast<int>(restarts_.size()) <= max_;
  }

  /// Restarts within the period ending at `now`.
  size_t recent(caf::actor_clock::time_point now) const {
    size_t n = 0;
    for (auto t : restarts_)
      if (now - t <= period_)
        ++n;
    return n;
  }

private:
  int max_;
  caf::timespan period_;
  std::deque<caf::actor_clock::time_point> restarts_;
};

} // namespace lume

#pragma once

#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/local_actor.hpp>
#include <caf/send.hpp>

#include "system/clock/host_clock.hpp"
#include "system/mesh/mesh_messages.hpp"

namespace lume {

/// Sends a movable actor's state to its node's mesh actor (which replicates
/// it to the nodes that may host the actor next), at most once per interval.
/// The state is any struct CAF can inspect (e.g. a described struct).
class checkpointer {
public:
  checkpointer() = default;

  checkpointer(std::string name, uint64_t epoch, caf::actor mesh, caf::timespan interval)
    : name_(std::move(name)), epoch_(epoch), mesh_(std::move(mesh)),
      interval_(std::chrono::duration_cast<micros>(interval)) {
  }

  /// Call after each change of `state`; `force` sends regardless of the
  /// interval (before a planned stop).
  template <class State>
  void changed(caf::local_actor* self, State& state, bool force = false) {
    auto now = host_now();
    if (!mesh_ || (!force && now - last_ < interval_))
      return;
    checkpoint cp{name_, epoch_, now.count(), {}};
    caf::binary_serializer sink{self->system(), cp.state};
    if (sink(state))
      return;
    last_ = now;
    caf::anon_send(mesh_, std::move(cp));
  }

  /// Age of the last checkpoint sent (or restored) in µs; -1 if none.
  int64_t age_us() const {
    return last_.count() == 0 ? -1 : (host_now() - last_).count();
  }

  /// Restores `state` from `cp`; false if it does not fit.
  template <class State>
  bool restore(caf::actor_system& sys, const checkpoint& cp, State& state) {
    caf::binary_deserializer source{sys, cp.state};
    if (source(state))
      return false;
    last_ = micros{cp.taken_us};
    return true;
  }

  uint64_t epoch() const {
    return epoch_;
  }

private:
  std::string name_;
  uint64_t epoch_ = 0;
  caf::actor mesh_;
  micros interval_{0};
  micros last_{0};
};

} // namespace lume

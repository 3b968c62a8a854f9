#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "system/clock/beat_clock.hpp"
#include "system/clock/link_clock.hpp"
#include "system/messages/type_ids.hpp"

namespace lume {

/// The node's beat clock as seen now, with `quantum` for beat and phase.
clock_tick read_clock(const beat_clock& clock, double quantum);

/// One per node: tells subscribed actors when the beat clock changes. On a
/// `link_clock` it registers Link's tempo, peers and transport listeners
/// (they run on Link's thread and only post a `notify` here); with any other
/// clock, whoever changes the clock sends `notify` (tests, manual_clock).
/// Every notify sends a fresh `clock_tick` to every subscriber.
using clock_service_actor = caf::typed_actor<
  /// Adds an actor: it gets a clock_tick now and after every change.
  caf::reacts_to<atom::subscribe, caf::actor>,
  /// Removes an actor (dead subscribers are dropped by themselves).
  caf::reacts_to<atom::unsubscribe, caf::actor>,
  /// The clock changed: sends a fresh clock_tick to every subscriber.
  caf::reacts_to<atom::notify>,
  /// Answers the clock as seen now.
  caf::replies_to<atom::get>::with<clock_tick>,
  /// Sets the tempo (BPM, within Link's 20..999) from now on, for the whole
  /// Link session, and notifies every subscriber; answers the clock after it.
  caf::replies_to<atom::tempo, double>::with<clock_tick>,
  /// Answers the service's state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>>;

struct clock_service_state {
  static inline const char* name = "clock_service";

  clock_service_state() = default;
  clock_service_state(const clock_service_state&) = delete;
  clock_service_state& operator=(const clock_service_state&) = delete;

  /// Removes Link's listeners: none runs for a dead service.
  ~clock_service_state();

  std::shared_ptr<beat_clock> clock;
  /// The same clock when it is Link's, whose listeners this service owns.
  std::shared_ptr<link_clock> link;
  double quantum = 4;
  std::vector<caf::actor> subscribers;
  uint64_t notifications = 0;
  uint64_t tempo_sets = 0;
  uint64_t ticks_sent = 0;
};

using clock_service_self = clock_service_actor::stateful_pointer<clock_service_state>;

/// The service for `clock`, reading beats and phases with `quantum`.
clock_service_actor::behavior_type clock_service(clock_service_self self,
                                                 std::shared_ptr<beat_clock> clock,
                                                 double quantum);

} // namespace lume

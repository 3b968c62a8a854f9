#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <caf/actor_clock.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "net/udp_sender.hpp"
#include "system/messages/type_ids.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

/// A live health probe: every `interval` it sends one UDP datagram
/// `lume-tick NODE EPOCH SEQ` to `target`. The simplest observable output of
/// an actor, used by failover tests and by the operator.
using ticker_actor = caf::typed_actor<
  /// Answers the ticker's state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// Internal: time for the next datagram.
  caf::reacts_to<atom::tick>>;

struct ticker_state {
  static inline const char* name = "ticker";

  std::string node;
  std::string target;
  caf::timespan interval{};
  /// Incarnation of this name on this node (restarts + 1).
  uint64_t epoch = 0;
  /// Sequence number of the next datagram.
  uint64_t seq = 0;
  uint64_t send_errors = 0;
  caf::actor_clock::time_point next_tick;
  std::shared_ptr<net::udp_sender> socket;
};

using ticker_self = ticker_actor::stateful_pointer<ticker_state>;

ticker_actor::behavior_type ticker(ticker_self self, std::string node,
                                   std::shared_ptr<net::udp_sender> socket,
                                   caf::timespan interval,
                                   uint64_t epoch);

/// The `ticker` kind: options `target = "host:port"`, `interval = 10ms`.
actor_kind ticker_kind();

} // namespace lume

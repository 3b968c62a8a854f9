#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <boost/describe/class.hpp>
#include <caf/actor_clock.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "net/udp_sender.hpp"
#include "system/mesh/checkpointer.hpp"
#include "system/messages/described.hpp"
#include "system/messages/type_ids.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

/// A live health probe: every `interval` it sends one UDP datagram
/// `lume-tick NODE EPOCH SEQ` to `target`. The simplest observable output of
/// an actor: failover tests watch the node and epoch change while the
/// sequence continues from the last checkpoint.
using ticker_actor = caf::typed_actor<
  /// Answers the ticker's state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// Internal: time for the next datagram.
  caf::reacts_to<atom::tick>,
  /// Internal: a trailing checkpoint is due (movable tickers).
  caf::reacts_to<atom::checkpoint>>;

/// What a ticker checkpoints: the sequence number of its next datagram.
struct ticker_checkpoint {
  static constexpr const char* type_name = "lume::ticker_checkpoint";
  uint64_t seq = 0;
};
BOOST_DESCRIBE_STRUCT(ticker_checkpoint, (), (seq))

/// How a ticker incarnation starts.
struct ticker_setup {
  std::string node;
  std::shared_ptr<net::udp_sender> socket;
  caf::timespan interval{};
  /// Placement epoch (movable) or local incarnation number (pinned).
  uint64_t epoch = 0;
  /// Restores the sequence and sends checkpoints (active when movable).
  std::shared_ptr<checkpointer> checkpoints = std::make_shared<checkpointer>();
};

struct ticker_state {
  static inline const char* name = "ticker";

  ticker_setup setup;
  ticker_checkpoint progress;
  uint64_t send_errors = 0;
  caf::actor_clock::time_point next_tick;
};

using ticker_self = ticker_actor::stateful_pointer<ticker_state>;

ticker_actor::behavior_type ticker(ticker_self self, ticker_setup setup);

/// The `ticker` kind: options `target = "host:port"`, `interval = 10ms`.
actor_kind ticker_kind();

} // namespace lume

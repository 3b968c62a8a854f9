#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>
#include <caf/message.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/logger.h>

#include "actors/quantizer/grid.hpp"
#include "actors/quantizer/late_stats.hpp"
#include "actors/quantizer/precise_sender.hpp"
#include "actors/quantizer/precise_wait.hpp"
#include "system/mesh/checkpointer.hpp"
#include "system/messages/described.hpp"
#include "system/messages/type_ids.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct node_context;

/// The beat quantizer: delivers a message to an actor at a musical position
/// (next beat, bar or phrase, or an exact beat), early by the target's
/// lookahead. A coarse CAF timer wakes it `lead` before each delivery; it
/// then hands the delivery to its precise_sender thread, which waits the
/// rest on the host clock (without a precise stage, e.g. on a manual clock,
/// the timer itself delivers). It subscribes to the clock service and
/// recomputes every pending time after a tempo change. A position that can
/// no longer be met (more than `tolerance` late) is never sent late: policy
/// `next` moves it to the next grid point, `drop` drops it; both counted.
/// A delivery it accepted and then missed is reported to the request's
/// `report_to` (a delivery_dropped), which may send it again.
/// A request may carry a datagram (an OSC message) for `datagram_to`
/// endpoints: it goes out at the grid time itself, never early by a
/// lookahead, from the precise thread (from the timer without one), before
/// the payload, if any, is enqueued. Sockets are opened once per endpoint.
/// A delivery asked for by a movable actor's incarnation that the mesh
/// has since superseded (a later one runs elsewhere, or this node lost the
/// majority) is dropped unsent, up to the precise thread's last moment.
/// Movable, it checkpoints its schedule of deliveries to names and of
/// datagrams; the next incarnation resumes it, passed positions handled by
/// their policy.
using quantizer_actor = caf::typed_actor<
  /// Schedules a delivery; answers where it lands (or that it was dropped).
  caf::replies_to<quantize_request>::with<quantize_receipt>,
  /// The clock changed: recomputes the time of every pending delivery.
  caf::reacts_to<clock_tick>,
  /// Answers the quantizer's state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// Internal: the coarse timer armed as generation N.
  caf::reacts_to<atom::tick, uint64_t>,
  /// Internal (precise stage): delivery ID was sent, this many µs late.
  caf::reacts_to<atom::fired, uint64_t, int64_t>,
  /// Internal (precise stage): delivery ID missed its time.
  caf::reacts_to<atom::missed, uint64_t>,
  /// Internal: a trailing checkpoint is due (movable quantizers).
  caf::reacts_to<atom::checkpoint>>;

/// How a quantizer works, from its options.
struct quantizer_params {
  /// Bar length in beats (the node's `lume.clock.quantum`).
  double quantum = 4;
  /// Bars per phrase when a request gives none.
  int phrase_bars = 4;
  /// Per-target latency: deliver this early (requests may override).
  std::map<std::string, micros> lookahead;
  /// Policy when a request gives none.
  passed_policy on_passed = passed_policy::next;
  /// A delivery more than this late is a passed position, never sent.
  micros tolerance{1000};
  /// Final wait on a thread of its own; needs a host-time clock (link_clock).
  bool precise = true;
  /// How long before a delivery the CAF timer hands it to that thread. It
  /// must cover the CAF timer's and the actor's wake-up on a loaded box:
  /// 20 ms did not (chaos runs lost director cuts to workers 21+ ms late);
  /// longer costs nothing, as the thread re-reads times after tempo changes
  /// and asks whether the delivery is superseded at the last moment.
  micros lead{250000};
  /// How long before a delivery that thread stops sleeping and spins.
  micros spin_margin = default_spin_margin;
  /// Ask for SCHED_FIFO for that thread (kept normal when refused).
  bool realtime = true;
};

/// A delivery waiting for its time.
struct pending_delivery {
  grid_request request;
  grid_target target;
  caf::actor to;
  caf::message payload;
  /// The target's name; empty when addressed by handle (not checkpointed:
  /// a handle means nothing to an incarnation on another node).
  std::string to_name;
  /// Handed to the precise stage, which reports back.
  bool handed_over = false;
  /// Sent to every `datagram_to` before the payload (none: null).
  std::shared_ptr<const std::vector<uint8_t>> datagram{};
  std::vector<std::string> datagram_to{};
  std::vector<std::shared_ptr<datagram_endpoint>> endpoints{};
  /// The incarnation that asked for it (quantize_request::owner): dropped
  /// once the mesh supersedes it.
  std::string owner{};
  uint64_t owner_epoch = 0;
  /// Told if it is accepted and then missed (quantize_request::report_to;
  /// a handle, so not checkpointed either: an asker whose quantizer went
  /// down asks the next one again, as the director does).
  caf::actor report_to{};
  uint64_t tag = 0;
};

/// A pending delivery to a name as a movable quantizer checkpoints it. The
/// position is a beat of the timeline (Link's, shared by the nodes); its
/// host times are recomputed on restore.
struct saved_delivery {
  static constexpr const char* type_name = "lume::saved_delivery";
  uint64_t id = 0;
  std::string to;
  grid_request request;
  grid_target position;
  caf::message payload;
  std::vector<uint8_t> datagram;
  std::vector<std::string> datagram_to;
  std::string owner;
  uint64_t owner_epoch = 0;
};
BOOST_DESCRIBE_STRUCT(saved_delivery, (), (id, to, request, position, payload, datagram,
                                           datagram_to, owner, owner_epoch))

/// What a movable quantizer checkpoints: its schedule.
struct quantizer_checkpoint {
  static constexpr const char* type_name = "lume::quantizer_checkpoint";
  uint64_t next_id = 1;
  std::vector<saved_delivery> pending;
};
BOOST_DESCRIBE_STRUCT(quantizer_checkpoint, (), (next_id, pending))

struct quantizer_state {
  static inline const char* name = "quantizer";

  std::shared_ptr<const node_context> ctx;
  quantizer_params params;
  std::shared_ptr<spdlog::logger> log;
  std::map<uint64_t, pending_delivery> pending;
  uint64_t next_id = 1;
  /// Deliveries resumed from a checkpoint by this incarnation.
  uint64_t restored = 0;
  uint64_t fired = 0;
  /// Passed positions: moved to the next grid point or dropped.
  uint64_t rescheduled = 0;
  uint64_t dropped = 0;
  /// Deliveries of an incarnation the mesh superseded, dropped unsent.
  uint64_t superseded = 0;
  /// Bad requests refused, and why the latest was.
  uint64_t refused = 0;
  std::string last_refused;
  /// Tempo and host time of the latest clock_tick (0 before the first).
  double tempo = 0;
  int64_t clock_tick_us = 0;
  uint64_t clock_ticks = 0;
  late_stats late;
  /// Datagram endpoints by "host:port", opened on first use.
  std::map<std::string, std::shared_ptr<datagram_endpoint>> endpoints;
  /// Generation of the armed coarse timer and the host time it wakes at.
  uint64_t timer = 0;
  micros timer_at{-1};
  /// Active when movable.
  std::shared_ptr<checkpointer> checkpoints;
  /// The precise stage (null without one). Declared last: destroyed first,
  /// so its thread stops before the rest of the state goes.
  std::unique_ptr<precise_sender> sender;
};

using quantizer_self = quantizer_actor::stateful_pointer<quantizer_state>;

quantizer_actor::behavior_type quantizer(quantizer_self self,
                                         std::shared_ptr<const node_context> ctx,
                                         quantizer_params params,
                                         std::shared_ptr<checkpointer> checkpoints);

/// The `quantizer` kind: options `lookahead = { NAME = 50ms }`,
/// `on-passed = "next" | "drop"`, `phrase-bars = 4`, `tolerance = 1ms`,
/// `lead = 250ms`, `spin-margin = 1500us`, `realtime = true`.
actor_kind quantizer_kind();

} // namespace lume

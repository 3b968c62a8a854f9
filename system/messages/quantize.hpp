#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>
#include <caf/actor.hpp>
#include <caf/message.hpp>

#include "system/messages/described.hpp"

/// The beat quantizer's protocol (actors/quantizer): a request to deliver a
/// message on the musical grid, the quantizer's answer, and its later word
/// that an accepted delivery was missed. Described like
/// the vocabulary (messages.hpp) and registered in type_ids.hpp. In JSON
/// (json_messages.hpp, the REPL's `send`) the payload is itself a message of
/// the JSON vocabulary, and the target is given by name.
namespace lume {

/// Deliver `payload` to a target at a musical position.
struct quantize_request {
  static constexpr const char* type_name = "lume::quantize_request";
  /// Name of the receiving actor (ignored when `target_actor` is valid).
  std::string target;
  /// The receiving actor by handle, for actors without a name.
  caf::actor target_actor;
  /// "beat" (next beat), "bar" (next bar), "phrase" (next phrase of `bars`
  /// bars) or "exact" (the beat `beat`).
  std::string rule = "bar";
  /// Bars per phrase for "phrase"; 0 takes the quantizer's `phrase-bars`.
  int32_t bars = 0;
  /// Target beat for "exact", on the timeline read with the node's quantum.
  double beat = 0;
  /// Deliver this many µs before the grid time; < 0 takes the quantizer's
  /// `lookahead` for the target (0 if none).
  int64_t lookahead_us = -1;
  /// "next" or "drop" when the position can no longer be met; empty takes
  /// the quantizer's `on-passed`.
  std::string on_passed;
  /// How late past its time a delivery may still go out (later, it has
  /// passed); < 0 takes the quantizer's `tolerance`; above 10 s refused.
  int64_t tolerance_us = -1;
  int64_t origin_us = 0;
  /// The message the target receives, unchanged (may be empty when only
  /// a datagram goes out).
  caf::message payload;
  /// A datagram (e.g. an OSC bundle) the quantizer's precise thread sends
  /// to every `datagram_to` ("host:port") at the grid point itself, not
  /// early by a lookahead, without a hop through a CAF worker.
  std::vector<uint8_t> datagram;
  std::vector<std::string> datagram_to;
  /// The movable actor on whose behalf this goes out, and its incarnation's
  /// epoch (empty: nobody's). When the mesh learns that a later incarnation
  /// runs on another node (two hosts after a heal) or this node loses the
  /// majority, it supersedes this one: its deliveries not yet sent are
  /// dropped, so that no old epoch plays after a newer one.
  std::string owner;
  uint64_t owner_epoch = 0;
  /// Told with a `delivery_dropped` when this delivery, once accepted,
  /// misses its time after all (its node or the precise thread stalled
  /// past `tolerance_us`) and its policy drops it; `tag` is the asker's own
  /// id for it. An answer saying `dropped` is not followed by one.
  caf::actor report_to;
  uint64_t tag = 0;
};
BOOST_DESCRIBE_STRUCT(quantize_request, (), (target, target_actor, rule, bars, beat,
                                             lookahead_us, on_passed, tolerance_us, origin_us,
                                             payload, datagram, datagram_to, owner, owner_epoch,
                                             report_to, tag))

/// The quantizer's answer to a `quantize_request`.
struct quantize_receipt {
  static constexpr const char* type_name = "lume::quantize_receipt";
  /// Identifies the delivery in the quantizer's state.
  uint64_t id = 0;
  /// The grid position chosen, on the timeline read with `quantum`.
  double beat = 0;
  double quantum = 0;
  /// Host time (µs) of the grid position and of the delivery (earlier by
  /// the lookahead).
  int64_t time_us = 0;
  int64_t deliver_us = 0;
  /// The position had passed and the policy was "drop": nothing is sent.
  bool dropped = false;
};
BOOST_DESCRIBE_STRUCT(quantize_receipt, (), (id, beat, quantum, time_us, deliver_us,
                                             dropped))

/// A delivery the quantizer accepted (`id` of its receipt) and then missed:
/// sent to the request's `report_to`, with its `tag`, the grid position it
/// missed and how late the quantizer was when it gave up.
struct delivery_dropped {
  static constexpr const char* type_name = "lume::delivery_dropped";
  uint64_t id = 0;
  uint64_t tag = 0;
  double beat = 0;
  int64_t late_us = 0;
};
BOOST_DESCRIBE_STRUCT(delivery_dropped, (), (id, tag, beat, late_us))

} // namespace lume

#pragma once

#include <string>

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "system/messages/type_ids.hpp"

/// The message graph of the output half, one interface per role (the
/// vocabulary is system/messages/show.hpp):
///
///   mapper ──music_params──────┐
///   features ──feature_vector──┤
///   san ──gesture──────────────┼─▶ director ──quantize_request──▶ quantizer ──director_cut──▶ subscribers
///   session ──session_state────┘        ▲                             └─ OSC /lume/cut|scene|section
///   bus, REPL ──director_cue────────────┘                                from the precise thread
///   bus, REPL ──session_command──▶ session ──session_state──▶ subscribers (director, bus, strudel)
///   director ──director_cut (section)──▶ session
///   inference ──styled_frame──▶ subscribers (bus)
///
/// Publishers send to subscriber names (actors/sensing/subscribers.hpp), as
/// the sensing half does. Each role adds its `x_actor` interface here.
namespace lume {

/// The bridge to the Strudel host (actors/strudel): turns LUME's params,
/// clock and session into the host's WebSocket protocol (docs/protocols.md,
/// "Strudel host").
using strudel_actor = caf::typed_actor<
  /// The mapper's music params: sent to the host, at most `max-rate` per second.
  caf::reacts_to<music_params>,
  /// The clock service's tick: the clock goes to the host on every change.
  caf::reacts_to<clock_tick>,
  /// The session's state: its code swaps in at `at_beat` (stale epochs and
  /// repeated seqs dropped).
  caf::reacts_to<session_state>,
  /// A director cut of kind "section": the code the bridge's `sections`
  /// option has for it swaps in at `at_beat`.
  caf::reacts_to<director_cut>,
  /// From the WebSocket thread: "connected", "disconnected" or "unreachable".
  caf::reacts_to<atom::status, std::string, std::string>,
  /// From the WebSocket thread: a message of the host.
  caf::reacts_to<atom::request, std::string>,
  /// Internal: the rate limit's delayed params, and the periodic clock.
  caf::reacts_to<atom::tick>,
  /// Internal: a trailing checkpoint is due.
  caf::reacts_to<atom::checkpoint>,
  /// Answers the connection, the host's health and the counters as JSON.
  caf::replies_to<atom::inspect>::with<std::string>>;

} // namespace lume

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

/// The performance: a setlist of songs and sections, played on the beat.
using session_actor = caf::typed_actor<
  /// Answers the session (state, song, section, bar, the decided change,
  /// recording, counters) as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// A command (REPL, bus): answers the session as JSON (`"ok": true`) once
  /// the change is accepted and its checkpoint is held by the nodes that may
  /// host the session next; `{"ok": false, "error": WHY}` for a bad command.
  caf::replies_to<session_command>::with<std::string>,
  /// A director cut: one of kind "section" moves the session to that section
  /// of the song on the cut's grid point (stale epochs and seqs dropped).
  caf::reacts_to<director_cut>,
  /// The clock changed (tempo): the bar timer is armed again.
  caf::reacts_to<clock_tick>,
  /// Internal: the bar timer armed as generation N.
  caf::reacts_to<atom::tick, uint64_t>,
  /// Internal: a trailing checkpoint is due.
  caf::reacts_to<atom::checkpoint>>;

} // namespace lume

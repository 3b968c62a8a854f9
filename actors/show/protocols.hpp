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

/// Decides camera cuts, scene and section changes by the rules of its
/// config, every `tick`, and places each on the grid through the quantizer.
using director_actor = caf::typed_actor<
  /// Answers the live picture, pending and recent decisions with their
  /// reasons, rule timers and counters as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// Features (motion, depth, audio): newest value of each, for the rules.
  caf::reacts_to<feature_vector>,
  /// Music params (mapper): newest value of each, for the rules.
  caf::reacts_to<music_params>,
  /// Gestures and the SAN's predicted peaks, for the next tick.
  caf::reacts_to<gesture>,
  /// The session's song: its scenes and sections, its current section.
  caf::reacts_to<session_state>,
  /// The clock changed (tempo, peers, transport).
  caf::reacts_to<clock_tick>,
  /// An operator's override: decided at once, placed on the grid.
  caf::reacts_to<director_cue>,
  /// Internal: time for the next tick.
  caf::reacts_to<atom::tick>,
  /// Internal: a trailing checkpoint is due (movable directors).
  caf::reacts_to<atom::checkpoint>>;

} // namespace lume

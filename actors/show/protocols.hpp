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
namespace lume {} // namespace lume

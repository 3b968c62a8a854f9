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

/// Styles frames with a diffusion server (AUTOMATIC1111 `/sdapi/v1`,
/// actors/inference): the newest input at most `rate` times per second, one
/// request in flight, prompts from the director's current scene.
using inference_actor = caf::typed_actor<
  /// Answers the breaker, failures by kind, counters and costs as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// A depth image to style (rendered to gray); newest wins.
  caf::reacts_to<depth_frame>,
  /// An encoded image (PNG) of any actor to style; newest wins.
  caf::reacts_to<styled_frame>,
  /// A cut of kind "scene" (or any cut's `scene`) switches the prompt.
  caf::reacts_to<director_cut>,
  /// Music params, one of which may modulate the strength.
  caf::reacts_to<music_params>,
  /// Client thread: request ID, the styled image, encode, decode and
  /// exchange time, the server's compute time in ms (-1 unknown).
  caf::reacts_to<atom::reply, uint64_t, styled_frame, caf::timespan, caf::timespan,
                 caf::timespan, double>,
  /// Client thread: request ID failed, with its kind and detail.
  caf::reacts_to<atom::reply, uint64_t, std::string, std::string>,
  /// Client thread: "progress" with its body (empty: failed) or
  /// "interrupt" with an error (empty: taken).
  caf::reacts_to<atom::status, std::string, std::string>,
  /// Internal: time to look at the input again (rate, backoff, breaker).
  caf::reacts_to<atom::tick>,
  /// Internal: a trailing checkpoint is due (movable).
  caf::reacts_to<atom::checkpoint>>;

} // namespace lume

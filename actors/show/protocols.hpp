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
  /// An operator's override: decided at once, placed on the grid; answers
  /// `{"ok": true, "kind", "value"}` or `{"ok": false, "error"}` as JSON.
  caf::replies_to<director_cue>::with<std::string>,
  /// The quantizer missed a cut it had accepted (its tag is the cut's seq).
  caf::reacts_to<delivery_dropped>,
  /// Internal: time for the next tick.
  caf::reacts_to<atom::tick>,
  /// Internal: a trailing checkpoint is due (movable directors).
  caf::reacts_to<atom::checkpoint>>;

/// The bus :9404: HTTP and WebSocket for browsers, phones and the operator
/// (net/http). Its I/O thread hands requests over as `atom::request`; hub
/// messages are serialized once here and fanned out on that thread.
/// `POST /cue` asks "session" or "director" with a request whose answer is
/// a JSON string (`{"ok": true, ...}` or `{"ok": false, "error": "..."}`).
using bus_actor = caf::typed_actor<
  /// Answers the server's counters (connections, hubs, refusals by reason) as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// Pushed to /ws/params; the latest is in GET /state.
  caf::reacts_to<music_params>,
  /// Pushed to /ws/features; the latest per source is in GET /state.
  caf::reacts_to<feature_vector>,
  /// World-space joint positions pushed to /ws/skeleton.
  caf::reacts_to<skeleton_frame>,
  /// Pushed to /ws/cuts (a stale epoch or repeated seq is dropped).
  caf::reacts_to<director_cut>,
  /// Pushed to /ws/session (a stale epoch or repeated seq is dropped).
  caf::reacts_to<session_state>,
  /// Announced on /ws/visuals, its image served at GET /visuals/latest.
  caf::reacts_to<styled_frame>,
  /// From the clock service: pushed to /ws/clock at once.
  caf::reacts_to<clock_tick>,
  /// Internal, from the I/O thread: request id, method, path, body (the
  /// bearer token already checked there).
  caf::reacts_to<atom::request, uint64_t, std::string, std::string, std::string>,
  /// Internal: time to push the clock to /ws/clock.
  caf::reacts_to<atom::tick>,
  /// Internal: time to try listening again (the address or port was taken).
  caf::reacts_to<atom::connect>,
  /// Internal: time to ask the inspector for /ws/mesh.
  caf::reacts_to<atom::nodes>>;

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

/// OSCQuery :9420 (Vidvox OSCQueryProposal) over net/http: the node's music
/// params, director controls, session and clock as an OSC address space.
/// Values come by subscription (mapper, director, session) and from the
/// clock service; writes arrive as OSC on its OSC_PORT and go to the
/// mapper (`music_params`), director (`director_cue`), session
/// (`session_command`) or clock (`set_tempo`).
using oscquery_actor = caf::typed_actor<
  /// Answers the namespace size, listeners, writes and refusals as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// The mapper's params: values, and paths added or removed.
  caf::reacts_to<music_params>,
  /// The director's picture: camera, scene, section.
  caf::reacts_to<director_cut>,
  /// The session's song and state (its paths appear with the first one).
  caf::reacts_to<session_state>,
  /// From the clock service: tempo and Link peers.
  caf::reacts_to<clock_tick>,
  /// Internal, from the I/O thread: request id, path, query.
  caf::reacts_to<atom::request, uint64_t, std::string, std::string>,
  /// Internal, from the I/O thread: a WebSocket client's text (LISTEN, IGNORE).
  caf::reacts_to<atom::command, uint64_t, std::string>,
  /// Internal, from the I/O thread: a WebSocket client joined.
  caf::reacts_to<atom::subscribe, uint64_t>,
  /// Internal, from the I/O thread: a WebSocket client left.
  caf::reacts_to<atom::unsubscribe, uint64_t>,
  /// Internal, from the OSC receive thread: path, type tag, number, text.
  caf::reacts_to<atom::apply, std::string, std::string, double, std::string>,
  /// Internal: time to try listening again (the address or a port was taken).
  caf::reacts_to<atom::connect>>;

} // namespace lume

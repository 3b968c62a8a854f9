#pragma once

#include <string>

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "system/messages/type_ids.hpp"

/// The message graph of the sensing half, one interface per role:
///
///   sensor ──skeleton_frame / phone_motion──▶ motion features ──┐
///   sensor ──depth_frame──▶ depth features ─────────────────────┼─feature_vector─▶ mapper ──OSC──▶ targets
///   sensor ──audio_block──▶ audio features ─────────────────────┘                 │      └─music_params─▶ subscribers
///                                            motion features ──feature_vector─▶ san ──gesture─▶ subscribers
///
/// Publishers send to subscriber names (actors/sensing/subscribers.hpp).
/// Sensors send from their receive thread, so they take no data messages.
namespace lume {

/// A sensor: a receive thread decodes one input (UDP or ALSA) and sends each
/// decoded frame straight to the subscribers; the actor owns the thread and
/// opens it again while its source is missing.
using sensor_actor = caf::typed_actor<
  /// Answers the sensor's state (`streaming` or `waiting`, opening attempts,
  /// last error) and counters (datagrams, decoded, refusals by reason) as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// The session's `record` with a file PATH as argument: writes every raw
  /// datagram with its arrival time to PATH in LUMEREC1 (lume-sim replay
  /// reads it); with an empty argument it stops. Answers the file written
  /// (PATH, or PATH-2... if PATH exists), "" when stopped.
  caf::replies_to<session_command>::with<std::string>,
  /// Internal: time to try opening the missing source again.
  caf::reacts_to<atom::tick>>;

/// Motion features from mocopi skeletons and phone motion.
using motion_features_actor = caf::typed_actor<
  /// Answers the actor's state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// One skeleton pose: publishes its `motion.*` features.
  caf::reacts_to<skeleton_frame>,
  /// One phone sample: publishes its `phone.*` features.
  caf::reacts_to<phone_motion>>;

/// Presence, centroid and motion from depth images.
using depth_features_actor = caf::typed_actor<
  /// Answers the actor's state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// One depth image: publishes its `depth.*` features.
  caf::reacts_to<depth_frame>>;

/// Level, centroid, onsets and direction of arrival from audio blocks.
using audio_features_actor = caf::typed_actor<
  /// Answers the actor's state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// One block of interleaved samples: publishes its `audio.*` features.
  caf::reacts_to<audio_block>>;

/// Maps features to named music parameters and sends them as OSC.
using mapper_actor = caf::typed_actor<
  /// Answers the current parameters, targets and counters as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// New feature values: retargets the parameters that follow them.
  caf::reacts_to<feature_vector>,
  /// Sets the named parameters at once (operator override, `send mapper ...`).
  caf::reacts_to<music_params>,
  /// Records the performer for this many seconds (0: the mapper's
  /// `calibration-time`), then sets each param's input range from what it
  /// saw and saves it; answers the calibration (or `{"error": ...}`) as JSON.
  caf::replies_to<atom::calibrate, double>::with<std::string>,
  /// Internal: time for the periodic send.
  caf::reacts_to<atom::tick>,
  /// Internal: a trailing checkpoint is due (movable mappers).
  caf::reacts_to<atom::checkpoint>>;

/// Anticipation: predicts motion peaks on the beat grid, recognizes gestures.
using san_actor = caf::typed_actor<
  /// Answers the predictor's and the matchers' state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// Motion features: the energy feeds the peak predictor, the others the gesture matchers.
  caf::reacts_to<feature_vector>>;

/// A simulated sensor sending real datagrams to a UDP endpoint.
using simulator_actor = caf::typed_actor<
  /// Answers ticks and datagrams sent as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// Internal: time for the next due ticks.
  caf::reacts_to<atom::tick>>;

} // namespace lume

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "actors/sensing/subscribers.hpp"
#include "actors/session/session_progress.hpp"
#include "actors/session/setlist.hpp"
#include "actors/show/protocols.hpp"
#include "system/clock/beat_clock.hpp"
#include "system/mesh/checkpointer.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct node_context;

/// The session's settings, validated.
struct session_config {
  setlist songs;
  std::vector<std::string> subscribers;
  /// Song and section changes land on the next phrase of `phrase_bars`
  /// bars of the song (else on the next bar).
  bool on_phrase = false;
  int phrase_bars = 4;
  /// A change is decided at least this long before its grid point, so that
  /// subscribers (Strudel) have it in time; else it lands a bar later.
  micros lead{200000};
  /// Starts playing the first song at spawn (when no checkpoint says otherwise).
  bool autostart = false;
  /// Recordings go to FOLDER/SONG-TAKE/SENSOR.lumerec on each sensor's node.
  std::string record_folder;
  std::vector<std::string> record_sensors;
};

struct session_actor_state {
  static inline const char* name = "session";

  std::shared_ptr<const node_context> ctx;
  session_config config;
  session_progress progress;
  /// Beat (this node's timeline) at which the current bar began.
  double bar_beat = 0;
  std::optional<subscriber_list> subscribers;
  std::shared_ptr<checkpointer> checkpoints;
  uint64_t epoch = 0;
  uint64_t timer = 0;
  double quantum = 4;
  /// Counters for `inspect`.
  uint64_t commands = 0;
  uint64_t refused = 0;
  std::string last_refused;
  uint64_t cuts = 0;
  uint64_t stale_cuts = 0;
  uint64_t unknown_cuts = 0;
  uint64_t tempo_sets = 0;
  /// Sensor name → the file it writes ("" when stopped), or its error.
  std::map<std::string, std::string> recording_files;
  uint64_t recording_errors = 0;
  std::string last_recording_error;
  std::shared_ptr<spdlog::logger> log;
};

using session_self = session_actor::stateful_pointer<session_actor_state>;

/// Plays a setlist on the beat: start, stop, pause, next, prev, goto and
/// section commands and the director's section cuts become changes on the
/// grid (the next bar, or phrase for songs and sections), each published
/// to the subscribers as a `session_state` as soon as it is decided, with
/// the beat it lands on; when it lands, the song's tempo is set through the
/// clock service. While playing, every bar is counted and published. A
/// command is answered once its checkpoint is held by the other nodes that
/// may host the session, so a successor never goes back behind it.
session_actor::behavior_type session(session_self self, std::shared_ptr<const node_context> ctx,
                                     session_config config,
                                     std::shared_ptr<checkpointer> checkpoints, uint64_t epoch);

/// The `session` kind: options `songs` (see read_setlist), `subscribers`,
/// `quantize` ("bar" or "phrase"), `phrase-bars`, `lead`, `autostart`,
/// `record-folder`, `record-sensors`.
actor_kind session_kind();

} // namespace lume

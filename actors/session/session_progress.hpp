#pragma once

#include <cstdint>
#include <string>

#include <boost/describe/class.hpp>

#include "system/messages/described.hpp"

namespace lume {

/// Where the session is in the setlist: play state, song and section
/// (indices into the setlist).
struct session_position {
  static constexpr const char* type_name = "lume::session_position";
  /// "stopped", "playing" or "paused".
  std::string state = "stopped";
  int32_t song = 0;
  int32_t section = 0;
};
BOOST_DESCRIBE_STRUCT(session_position, (), (state, song, section))

/// A change the session decided and applies at a grid point: it is
/// published as soon as it is decided, with the beat it lands on.
struct session_change {
  static constexpr const char* type_name = "lume::session_change";
  session_position to;
  /// The song's bar count starts again at 0 when it lands (a new song, a stop).
  bool restart_bars = false;
  /// Bar count of the playing song at which it lands; -1: the next bar
  /// boundary (a start from stopped or paused, which counts no bars).
  int64_t at_bar = -1;
  /// The beat it lands on, on this node's timeline (a successor on another
  /// node recomputes it from `at_bar`).
  double at_beat = 0;
  /// What asked for it: a command ("next", "section", ...) or "cut".
  std::string cause;
};
BOOST_DESCRIBE_STRUCT(session_change, (), (to, restart_bars, at_bar, at_beat, cause))

/// What a session checkpoints: everything a successor needs to go on where
/// it was, never behind an acknowledged command.
struct session_progress {
  static constexpr const char* type_name = "lume::session_progress";
  session_position now;
  /// Bars played in the current song (frozen while paused).
  int64_t bar = 0;
  /// A decided change waiting for its grid point.
  bool changing = false;
  session_change next;
  bool recording = false;
  /// Recording takes so far: the current one writes FOLDER/SONG-TAKE/.
  uint64_t take = 0;
  /// Seq of the last session_state sent (continues across failovers).
  uint64_t seq = 0;
  /// The newest director cut taken (stale epochs and repeated seqs are dropped).
  uint64_t cut_epoch = 0;
  uint64_t cut_seq = 0;
};
BOOST_DESCRIBE_STRUCT(session_progress, (), (now, bar, changing, next, recording, take, seq,
                                             cut_epoch, cut_seq))

} // namespace lume

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>

#include "system/messages/described.hpp"

/// The output half's vocabulary: what the director decides, what the
/// session plays, what the operator cues and what the inference client
/// returns. Described once like messages.hpp and registered in type_ids.hpp.
/// Every output of a movable actor carries its `epoch` (consumers drop an
/// epoch below the newest they have seen) and a `seq` that continues across
/// failovers from the checkpoint (consumers drop a repeated one).
namespace lume {

/// A decision of the director, placed on the beat grid by the quantizer.
struct director_cut {
  static constexpr const char* type_name = "lume::director_cut";
  /// What changes: "camera", "scene" or "section".
  std::string kind;
  /// The camera source, scene or section live from `at_beat` on.
  std::string value;
  /// The whole picture after the change.
  std::string camera;
  std::string scene;
  std::string section;
  /// The rule that fired ("energy-high", "gesture:raise", "peak", "cue", ...).
  std::string reason;
  uint64_t epoch = 0;
  uint64_t seq = 0;
  /// Beat of the grid point on the deciding host's Link timeline: its phase
  /// within the quantum is shared by every peer, its magnitude is the
  /// host's own (Link may number beats apart by whole bars on two hosts).
  /// The deciding host's quantizer delivers a cut on this beat, so a
  /// receiver takes its own beat of the same phase nearest its now
  /// (due_beat_on_local_timeline).
  double at_beat = 0;
  int64_t origin_us = 0;
};
BOOST_DESCRIBE_STRUCT(director_cut, (), (kind, value, camera, scene, section, reason,
                                         epoch, seq, at_beat, origin_us))

/// An operator's override of the director (REPL, `POST /cue`): force a
/// camera, scene or section at the next grid point of `rule`.
struct director_cue {
  static constexpr const char* type_name = "lume::director_cue";
  /// "camera", "scene" or "section".
  std::string kind;
  std::string value;
  /// "beat", "bar" or "phrase"; empty takes the director's default.
  std::string rule;
  int64_t origin_us = 0;
};
BOOST_DESCRIBE_STRUCT(director_cue, (), (kind, value, rule, origin_us))

/// A command to the session: "start", "stop", "pause", "next", "prev",
/// "goto" (argument: song name or 1-based number), "section" (argument:
/// section name), "record" (argument: "on" or "off").
struct session_command {
  static constexpr const char* type_name = "lume::session_command";
  std::string command;
  std::string argument;
  int64_t origin_us = 0;
};
BOOST_DESCRIBE_STRUCT(session_command, (), (command, argument, origin_us))

/// The session as it is (or will be from `at_beat` on): sent to
/// subscribers on every change, ahead of the grid point it takes effect.
struct session_state {
  static constexpr const char* type_name = "lume::session_state";
  /// "stopped", "playing" or "paused".
  std::string state;
  std::string song;
  /// 0-based index into the setlist.
  int32_t song_index = 0;
  std::string section;
  /// The current song's sections and scenes, in setlist order.
  std::vector<std::string> sections;
  std::vector<std::string> scenes;
  /// Strudel pattern code of the current section.
  std::string code;
  double tempo = 0;
  /// Bars played in the current song.
  int64_t bar = 0;
  bool recording = false;
  uint64_t epoch = 0;
  uint64_t seq = 0;
  /// Beat on the session host's Link timeline from which this state holds
  /// (its phase is shared by every peer, its magnitude is the host's own),
  /// and that host's beat when it sent this: a receiver maps `at_beat` onto
  /// its own timeline with both (beat_on_local_timeline). A hand-made state
  /// without `sent_beat` (0) is taken as on the receiver's timeline.
  double at_beat = 0;
  double sent_beat = 0;
  int64_t origin_us = 0;
};
BOOST_DESCRIBE_STRUCT(session_state, (), (state, song, song_index, section, sections, scenes,
                                          code, tempo, bar, recording, epoch, seq, at_beat,
                                          sent_beat, origin_us))

/// An image for the stage view, styled by the inference server.
struct styled_frame {
  static constexpr const char* type_name = "lume::styled_frame";
  /// Encoded image bytes and their media type ("image/png", "image/jpeg").
  std::vector<uint8_t> image;
  std::string media_type;
  uint16_t width = 0;
  uint16_t height = 0;
  std::string scene;
  std::string prompt;
  /// Origin of the frame it was made from, and request → response time.
  int64_t source_origin_us = 0;
  int64_t round_trip_us = 0;
  uint64_t epoch = 0;
  uint64_t seq = 0;
  int64_t origin_us = 0;
};
BOOST_DESCRIBE_STRUCT(styled_frame, (), (image, media_type, width, height, scene, prompt,
                                         source_origin_us, round_trip_us, epoch, seq,
                                         origin_us))

} // namespace lume

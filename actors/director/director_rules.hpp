#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/describe/class.hpp>

#include "actors/quantizer/grid.hpp"
#include "system/clock/beat_clock.hpp"
#include "system/messages/described.hpp"
#include "system/messages/messages.hpp"
#include "system/messages/show.hpp"

/// The director's rule engine, without actors: inputs and the time in beats
/// in, decisions out. The actor (director.hpp) places each decision on the
/// grid, numbers it and hands it to the quantizer.
namespace lume {

/// What a gesture of the table changes: `kind` "camera", "scene" or
/// "section" to `value`.
struct gesture_action {
  std::string kind;
  std::string value;
};

/// The rules as the `.caf` file states them (director_kind reads them).
struct director_rules {
  std::vector<std::string> cameras;
  /// Defaults until the session names the current song's scenes and sections.
  std::vector<std::string> scenes;
  std::vector<std::string> sections;
  /// A shot lasts at least this many beats (cues excepted).
  double min_shot_beats = 4;
  /// A shot this long cuts to the next camera (0: never).
  double max_shot_beats = 16;
  /// The input (music param or feature name) whose level drives sections.
  std::string energy_input = "energy";
  /// Hysteresis: at or above `energy_high` (at or below `energy_low`) for
  /// `energy_hold_beats` switches the level to high (low); between the two
  /// the level stays.
  double energy_high = 0.7;
  double energy_low = 0.3;
  double energy_hold_beats = 2;
  /// What a switch to high / low changes (empty: nothing).
  std::string high_section = "drop";
  std::string low_section = "breakdown";
  std::string high_scene;
  std::string low_scene;
  /// Gesture name → change, taken at `gesture_confidence` or more.
  std::map<std::string, gesture_action> gestures;
  double gesture_confidence = 0.6;
  /// The SAN's predicted peak (gesture "peak") places a camera cut on its
  /// beat at `peak_confidence` or more.
  double peak_confidence = 0.7;
  /// Grid rule per kind: "beat", "bar" or "phrase".
  std::string camera_rule = "beat";
  std::string scene_rule = "bar";
  std::string section_rule = "phrase";
  /// Recent decisions kept for `inspect`.
  std::size_t keep_recent = 16;
};

/// Reads "kind:value" (e.g. "scene:storm"); an error text otherwise.
std::variant<gesture_action, std::string> parse_gesture_action(const std::string& text);

/// Checks the rules: names exist, thresholds ordered, rules known.
std::optional<std::string> validate(const director_rules& rules);

/// What the director holds between ticks and checkpoints: the live picture,
/// the decisions on their way to the grid, the rule timers and the seq.
struct director_memory {
  static constexpr const char* type_name = "lume::director_memory";
  std::string camera;
  std::string scene;
  std::string section;
  /// Beat at which the live shot began.
  double shot_beat = 0;
  /// Beat from which `max-shot` counts: `shot_beat`, or, when the live
  /// shot's cut went out late after a failover, the beat it was first due
  /// (the old host may have sent it then: the audience saw the shot begin
  /// there and the late copy was dropped). `min-shot` counts from
  /// `shot_beat` either way.
  double shot_due_beat = 0;
  /// A camera cut on its way late after a failover: its seq (0: none) and
  /// the beat it was first due.
  uint64_t late_camera_seq = 0;
  double late_camera_due = 0;
  /// Energy level after hysteresis: "low", "mid" or "high".
  std::string level = "mid";
  /// Beat since which the energy is at or above `energy_high` / at or below
  /// `energy_low` (-1: it is not).
  double above_since = -1;
  double below_since = -1;
  /// Seq of the newest decision (seqs continue across failovers).
  uint64_t seq = 0;
  /// The current song's scenes and sections from the session (empty: the
  /// rules' defaults).
  std::vector<std::string> song_scenes;
  std::vector<std::string> song_sections;
  /// Decided, not yet live: each lands at its `at_beat`.
  std::vector<director_cut> pending;
  /// The newest decisions, oldest first, with their reasons.
  std::vector<director_cut> recent;
  /// The host's beat when this memory was checkpointed: Link shares the
  /// phase within the quantum, not the beat's magnitude, so a successor on
  /// another node moves every beat above by whole bars (`shift`).
  double taken_beat = 0;
};
BOOST_DESCRIBE_STRUCT(director_memory, (), (camera, scene, section, shot_beat, shot_due_beat,
                                            late_camera_seq, late_camera_due, level,
                                            above_since, below_since, seq, song_scenes,
                                            song_sections, pending, recent, taken_beat))

/// A decision before it is placed: change `kind` to `value` on the next
/// grid point of `rule` at or after `not_before` ("exact": at `beat`).
struct director_decision {
  std::string kind;
  std::string value;
  std::string reason;
  std::string rule;
  double beat = 0;
  double not_before = 0;
};

/// What arrived since the last tick.
struct director_inputs {
  /// Newest value of every music param and feature, by name.
  std::map<std::string, double> values;
  /// Gestures (and the SAN's peak predictions) since the last tick.
  std::vector<gesture> gestures;
};

/// The first live picture: the first camera, scene and section.
director_memory initial_memory(const director_rules& rules);

/// The value of `kind` once every pending decision has landed.
const std::string& effective(const director_memory& memory, const std::string& kind);

/// The names `kind` may take: the cameras, the song's (else the rules')
/// scenes or sections.
const std::vector<std::string>& choices(const director_rules& rules,
                                        const director_memory& memory, const std::string& kind);

/// Takes the session's song: its scenes and sections become the choices,
/// and its section the live one unless a section change is pending.
void follow(director_memory& memory, const session_state& session);

/// Moves every pending decision whose beat has come (at or before `now`)
/// to the live picture.
void land(director_memory& memory, double now);

/// One tick: updates the rule timers with `in` at beat `now` and returns
/// the decisions (at most one per kind), none when nothing changes.
std::vector<director_decision> decide(const director_rules& rules, director_memory& memory,
                                      const director_inputs& in, double now);

/// An operator's cue as a decision (cues ignore the minimum shot length);
/// an error text for an unknown kind, value or rule.
std::variant<director_decision, std::string> cue_decision(const director_rules& rules,
                                                          const director_memory& memory,
                                                          const director_cue& cue);

/// Where a decision lands: the first grid point of its rule at or after
/// both `earliest` (host time) and its `not_before` beat, read as Link
/// does (a bar on the phase within `quantum`, a phrase within `quantum *
/// phrase_bars`), as a beat of the timeline read with `quantum`. "exact"
/// keeps its beat, or nothing when that comes before `earliest`.
std::optional<double> place(const beat_clock& clock, micros earliest,
                            const director_decision& decision, double quantum,
                            int phrase_bars);

/// The whole bars (of `quantum` beats) between the timeline a checkpoint
/// was taken on and this one: the successor's beat `now`, minus the
/// checkpoint's `taken_beat`, minus the beats that passed in between
/// (`elapsed`, an estimate), rounded to whole bars.
double timeline_offset(double taken_beat, double now, double elapsed, double quantum);

/// Moves every beat of `memory` by `offset` beats (onto another timeline).
void shift(director_memory& memory, double offset);

/// Records `cut` (numbered and placed) as pending and among the recent.
void commit(const director_rules& rules, director_memory& memory, const director_cut& cut);

/// Fills `cut`'s camera, scene and section: the picture at its beat, with
/// the pending decisions up to that beat and the cut itself applied.
void picture_after(const director_memory& memory, director_cut& cut);

} // namespace lume

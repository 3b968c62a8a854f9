#pragma once

#include <boost/describe/class.hpp>

#include "system/clock/beat_clock.hpp"
#include "system/messages/described.hpp"

namespace lume {

/// Where on the musical grid a quantized event lands. Relative rules are
/// phase-based: a grid point is where the phase within the grid quantum wraps
/// to 0 (or, for beats, crosses a whole beat), never a multiple of an
/// absolute beat number, which differs between Link peers.
enum class grid_rule {
  next_beat,   ///< next whole beat of the bar (phase within `quantum` integral)
  next_bar,    ///< next wrap of the phase within `quantum`
  next_phrase, ///< next wrap of the phase within `quantum * phrase_bars`
  exact_beat,  ///< the beat `beat` of the timeline read with `quantum`
};

/// What to do when the grid point can no longer be delivered in time.
enum class passed_policy {
  next, ///< move to the following grid point that can still be delivered
  drop, ///< keep the point and report it passed
};

/// A quantization request made at some host time.
struct grid_request {
  static constexpr const char* type_name = "lume::grid_request";
  grid_rule rule = grid_rule::next_bar;
  double quantum = 4.0;          ///< bar length in beats, > 0
  int phrase_bars = 4;           ///< bars per phrase (at least 1), for next_phrase
  double beat = 0.0;             ///< target beat, for exact_beat
  micros lookahead{0};           ///< per-target latency: deliver this early
  passed_policy on_passed = passed_policy::next;
  micros tolerance{1000};        ///< later than this past its time, a delivery is passed
};
BOOST_DESCRIBE_STRUCT(grid_request, (), (rule, quantum, phrase_bars, beat, lookahead, on_passed,
                                         tolerance))

/// A grid point resolved to host time.
struct grid_target {
  static constexpr const char* type_name = "lume::grid_target";
  double beat = 0.0;    ///< target beat on the timeline read with `quantum`
  double quantum = 4.0; ///< quantum `beat` is read with (phrase length for phrases)
  micros time{0};       ///< host time at which the timeline reaches `beat`
  micros lookahead{0};  ///< latency the target compensates
  micros deliver{0};    ///< host time to deliver: `time - lookahead`
  bool passed = false;  ///< `beat` was reached before `now + lookahead`
};
BOOST_DESCRIBE_STRUCT(grid_target, (), (beat, quantum, time, lookahead, deliver, passed))

/// First grid point at or after `beat` for a relative rule (beats in
/// `quantum`, which is the phrase length for next_phrase); exact_beat returns
/// `beat` unchanged. Pure beat arithmetic, no clock.
double next_grid_beat(double beat, grid_rule rule, double quantum);

/// Resolves `request` made at host time `now`: the first grid point at or after
/// `now` (or the exact beat), then, if it cannot be delivered by `now`
/// (its beat is before the beat at `now + lookahead`), applies the policy:
/// `next` moves to the first grid point at or after `now + lookahead` (for
/// exact_beat: the same phase in a later bar), `drop` sets `passed`.
grid_target schedule(const beat_clock& clock, micros now,
                     const grid_request& request);

/// Re-resolves `target` after a tempo change: the beat stays, its host time and
/// delivery time are recomputed; `passed` is set when the beat now comes
/// before the beat at `now + lookahead`, i.e. delivery is already late (the
/// caller fires late or drops).
grid_target recompute(const beat_clock& clock, micros now, grid_target target);

} // namespace lume

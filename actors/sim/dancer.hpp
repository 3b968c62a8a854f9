#pragma once

#include <cstddef>

#include "actors/features/skeleton.hpp"

namespace lume::sim {

/// Tempo every generator of lume-sim dances to, beats per minute.
inline constexpr float default_bpm = 120.f;

/// What the dancer does during a bar.
enum class dance_section { still, arm_raise, groove, step_right, dip, step_left };

/// A procedural performer on the mocopi rig with a real body's magnitudes: a
/// pure function of time to the 27 local bone transforms mocopi sends
/// (rotations as quaternions; only the root translates, every other bone
/// keeps its T-pose offset). The feet stay planted (two-bone leg IK) except
/// while stepping.
///
/// The neutral stance is a real one: root 0.93 m high, knees soft, the
/// pelvis tipped 12° back and the spine flexed 22° forward of it (mocopi
/// reads ~23° of chest flex on a person standing), arms hanging with the
/// wrists about level with the root; breathing and a slow postural sway of
/// about a centimetre (~0.004 J).
///
/// The performance repeats a pattern of 8 bars of 4 beats at default_bpm
/// (16 s):
///
///   bar   0      1          2       3           4     5          6       7
///         still  arm_raise  groove  step_right  dip   step_left  groove  still
///
/// Arm raise: the right arm rises sideways to about shoulder height in
/// 0.7 s (the wrist ~0.5 m higher), holds and lowers while the chest
/// straightens to ~13° (~1.5 J at the fastest). Groove: the weight shifts
/// side to side on the beat (±2.5 cm), the knees bounce 1.2 cm, the arms
/// swing, the chest flexes 17–27°, the head nods. Steps: one foot steps
/// 0.25 m to the side, the body follows, the other foot closes. Dip: a
/// 12 cm squat with the chest bending to ~34°, both arms rising to ~60° and
/// the pelvis turning ±12°. Every bar starts and ends in the neutral stance,
/// so bars join without a jump in pose or speed.
///
/// Axes as mocopi: Y up, the dancer faces +Z, +X is the dancer's left;
/// metres and seconds.
class dancer {
public:
  dancer();

  /// The pose `t_s` seconds after the start; timestamp_us = t_s in µs.
  features::skeleton_frame pose(double t_s) const;

  /// The section of the bar playing at `t_s`.
  dance_section section_at(double t_s) const;

  /// Bar of the 8-bar pattern playing at `t_s`: 0..7.
  std::size_t bar_index(double t_s) const;

  /// Seconds since the start of the pattern repetition playing at `t_s`.
  double pattern_time(double t_s) const;

  double beat_s() const { return beat_s_; }
  double bar_s() const { return 4 * beat_s_; }
  double pattern_s() const { return 32 * beat_s_; }

private:
  double beat_s_ = 60.0 / default_bpm;
  features::skeleton_frame rest_;
};

} // namespace lume::sim

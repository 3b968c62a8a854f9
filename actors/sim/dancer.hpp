#pragma once

#include <cstddef>

#include "actors/features/skeleton.hpp"

namespace lume::sim {

/// Tempo every simulator generator dances to, beats per minute.
inline constexpr float default_bpm = 120.f;

/// What the dancer does during a bar.
enum class dance_section { groove, jump, still };

/// A procedural dancer on the mocopi rig: a pure function of time to the 27
/// local bone transforms mocopi sends (rotations as quaternions; only the
/// root translates, every other bone keeps its T-pose offset).
///
/// The dance repeats a pattern of 8 bars of 4 beats at default_bpm (16 s):
///
///   bar   0       1       2     3       4     5       6      7
///         groove  groove  jump  groove  jump  groove  still  still
///
/// Groove: hips sway side to side over two beats (±0.10 m, ±4° tilt) and
/// bounce 0.05 m between the beats; the torso turns ±15° over two bars; the
/// spine flexes ±18° forward/back over a bar; the arms raise and lower in
/// turn over a bar (hands from hip to above head height); elbows pump and
/// the head nods on the beat. Jump bars: a crouch, a push-off, a ballistic
/// 0.4 s flight landing on beat 3 with the root up to 0.3 m above standing
/// and knees tucked, a landing absorb (root height and velocity stay
/// continuous); the arms go up. Still bars: a neutral pose, arms down,
/// breathing only (kinetic energy ≪ 0.5 J). Changes of activity cross-fade
/// over the last beat of a bar. Over the six active bars the dancer also
/// travels 0.6 m to either side of the origin and back.
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

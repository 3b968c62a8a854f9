#include "actors/sim/dancer.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace lume::sim {

namespace {

using features::axis_angle;
using features::quat;
using features::vec3;

constexpr double pi = 3.14159265358979323846;
constexpr double deg = pi / 180;

using section = dance_section;

constexpr std::array<section, 8> pattern = {
  section::groove, section::groove, section::jump,  section::groove,
  section::jump,   section::groove, section::still, section::still,
};
/// Bars of the pattern during which the dancer travels (all but the still ones).
constexpr double travel_bars = 6;

/// Hip-to-ankle leg length of the T-pose (upper 0.42 m + lower 0.40 m), m.
constexpr double leg_length_m = 0.82;
constexpr double standing_root_height_m = 0.95;

constexpr vec3 x_axis{1.f, 0.f, 0.f};
constexpr vec3 y_axis{0.f, 1.f, 0.f};
constexpr vec3 z_axis{0.f, 0.f, 1.f};

double smoothstep(double u) {
  u = std::clamp(u, 0.0, 1.0);
  return u * u * (3 - 2 * u);
}

double activity(section s) {
  return s == section::still ? 0.0 : 1.0;
}

/// sin² bump over [begin, end): 0 at both ends, 1 in the middle.
double bump(double x, double begin, double end) {
  if (x < begin || x >= end)
    return 0;
  const double s = std::sin(pi * (x - begin) / (end - begin));
  return s * s;
}

quat rotation(vec3 axis, double angle_rad) {
  return axis_angle(axis, static_cast<float>(angle_rad));
}

void set_rotation(features::skeleton_frame& frame, int bone, quat q) {
  frame.bones[static_cast<std::size_t>(bone)].rot = {q.x, q.y, q.z, q.w};
}

/// Cubic Hermite from (p0, v0) to (p1, v1) over `span_s`, at `s` in [0, 1].
double hermite(double p0, double v0, double p1, double v1, double span_s, double s) {
  const double s2 = s * s;
  const double s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * span_s * v0 + (-2 * s3 + 3 * s2) * p1
         + (s3 - s2) * span_s * v1;
}

/// A jump bar at `x` seconds into the bar, landing on beat 3. Root height
/// and velocity are continuous: a 0.3 s crouch to −0.12 m, a 0.2 s push-off
/// to +0.10 m (on the toes) at take-off speed, a ballistic 0.4 s flight
/// (apex +0.30 m), a 0.2 s absorb back to −0.12 m and a 0.35 s recovery.
struct jump_motion {
  double root_offset_m = 0; ///< root height change; negative = legs bent
  double tuck_rad = 0;      ///< extra knee bend in the air
  double arms_up = 0;       ///< 0..1: arms raised towards overhead
};

jump_motion jump_at(double x, double beat_s) {
  constexpr double gravity = 9.80665; // m/s²
  constexpr double flight_s = 0.4;
  constexpr double takeoff_speed = gravity * flight_s / 2; // m/s
  constexpr double takeoff_m = 0.10;
  constexpr double crouch_m = 0.12;
  constexpr double descend_s = 0.3;
  constexpr double push_s = 0.2;
  constexpr double absorb_s = 0.2;
  constexpr double recover_s = 0.35;
  const double landing = 2 * beat_s;
  const double takeoff = landing - flight_s;
  jump_motion j;
  if (x >= takeoff - push_s - descend_s && x < takeoff - push_s) {
    j.root_offset_m = -crouch_m * smoothstep((x - (takeoff - push_s - descend_s)) / descend_s);
  } else if (x >= takeoff - push_s && x < takeoff) {
    j.root_offset_m = hermite(-crouch_m, 0, takeoff_m, takeoff_speed, push_s,
                              (x - (takeoff - push_s)) / push_s);
  } else if (x >= takeoff && x < landing) {
    const double airborne = x - takeoff;
    j.root_offset_m = takeoff_m + takeoff_speed * airborne - 0.5 * gravity * airborne * airborne;
    j.tuck_rad = 25 * deg * std::sin(pi * airborne / flight_s);
  } else if (x >= landing && x < landing + absorb_s) {
    j.root_offset_m = hermite(takeoff_m, -takeoff_speed, -crouch_m, 0, absorb_s,
                              (x - landing) / absorb_s);
  } else if (x >= landing + absorb_s && x < landing + absorb_s + recover_s) {
    j.root_offset_m = -crouch_m * (1 - smoothstep((x - landing - absorb_s) / recover_s));
  }
  j.arms_up = bump(x, takeoff - push_s, landing + absorb_s);
  return j;
}

} // namespace

dancer::dancer() : rest_(features::mocopi_t_pose()) {}

double dancer::pattern_time(double t_s) const {
  const double x = std::fmod(t_s, pattern_s());
  return x < 0 ? x + pattern_s() : x;
}

std::size_t dancer::bar_index(double t_s) const {
  return std::min<std::size_t>(static_cast<std::size_t>(pattern_time(t_s) / bar_s()),
                               pattern.size() - 1);
}

dance_section dancer::section_at(double t_s) const {
  return pattern[bar_index(t_s)];
}

features::skeleton_frame dancer::pose(double t_s) const {
  using namespace features;
  const double bar = bar_s();
  const double x = pattern_time(t_s);
  const std::size_t bar_index = this->bar_index(t_s);
  const double in_bar = x - static_cast<double>(bar_index) * bar;
  const section now = pattern[bar_index];
  const section next = pattern[(bar_index + 1) % pattern.size()];

  double e = activity(now);
  if (in_bar > bar - beat_s_)
    e += (activity(next) - e) * smoothstep((in_bar - (bar - beat_s_)) / beat_s_);
  const jump_motion jump = now == section::jump ? jump_at(in_bar, beat_s_) : jump_motion{};
  const double bounce_e = now == section::jump ? 0.0 : e;

  const double beat_phase = 2 * pi * t_s / beat_s_;
  const double bar_phase = 2 * pi * t_s / bar;
  const double travel = x < travel_bars * bar ? 0.5 - 0.5 * std::cos(pi * x / (travel_bars * bar)) : 1.0;

  const double bounce_m = bounce_e * 0.05 * (0.5 - 0.5 * std::cos(beat_phase));
  const double crouch_m = std::max(0.0, -jump.root_offset_m);
  const double flight_m = std::max(0.0, jump.root_offset_m);
  const double sway_m = e * 0.10 * std::sin(beat_phase / 2);
  const double travel_m = 0.6 * std::sin(2 * pi * travel);
  const double tilt = e * 4 * deg * std::sin(beat_phase / 2);
  const double turn = e * 15 * deg * std::sin(bar_phase / 2);
  const double breath = 1.0 * deg * std::sin(2 * pi * t_s / 4.0);
  const double flex = e * 18 * deg * std::sin(bar_phase) + breath;
  const double nod = e * 8 * deg * (0.5 - 0.5 * std::cos(beat_phase));

  skeleton_frame frame = rest_;
  frame.timestamp_us = std::llround(t_s * 1e6);

  auto& root_bone = frame.bones[root];
  root_bone.pos = {static_cast<float>(sway_m + travel_m),
                   static_cast<float>(standing_root_height_m - bounce_m - crouch_m + flight_m),
                   0.f};
  set_rotation(frame, root, rotation(y_axis, turn) * rotation(z_axis, tilt));

  // Spine: the flexion and a lateral counter-bend spread evenly over the
  // seven torso bones, so torso_7 (the chest) turns by the whole angle.
  const quat spine_step = rotation(x_axis, flex / 7) * rotation(z_axis, -0.5 * tilt / 7);
  for (int b = torso_1; b <= torso_7; ++b)
    set_rotation(frame, b, spine_step);
  set_rotation(frame, head, rotation(x_axis, nod));

  // Arms: in the T-pose they point along ±X; -80° / +80° about Z hangs them
  // down, and a raise of 150° lifts the hand above the head.
  const double max_raise = 150 * deg;
  double raise_left = e * max_raise * (0.5 - 0.5 * std::cos(bar_phase));
  double raise_right = e * max_raise * (0.5 + 0.5 * std::cos(bar_phase));
  raise_left += (max_raise - raise_left) * jump.arms_up;
  raise_right += (max_raise - raise_right) * jump.arms_up;
  set_rotation(frame, l_up_arm, rotation(z_axis, -80 * deg + raise_left));
  set_rotation(frame, r_up_arm, rotation(z_axis, 80 * deg - raise_right));
  const double elbow = 15 * deg + e * 30 * deg * (0.5 + 0.5 * std::sin(beat_phase));
  set_rotation(frame, l_low_arm, rotation(y_axis, -elbow));
  set_rotation(frame, r_low_arm, rotation(y_axis, elbow));
  const double wrist = e * 20 * deg * std::sin(beat_phase);
  set_rotation(frame, l_hand, rotation(z_axis, wrist));
  set_rotation(frame, r_hand, rotation(z_axis, -wrist));

  // Legs: bend hips, knees and ankles so the feet stay on the floor while
  // the root dips (a leg of length L bent by α at hip and ankle and 2α at the
  // knee is L·cos α tall), undo the hip tilt, and tuck in the air.
  const double dip_m = bounce_m + crouch_m;
  const double bend = std::acos(std::clamp(1 - dip_m / leg_length_m, -1.0, 1.0)) + jump.tuck_rad;
  const quat hip = rotation(z_axis, -tilt) * rotation(x_axis, -bend);
  const quat knee = rotation(x_axis, 2 * bend);
  const quat ankle = rotation(x_axis, -bend);
  for (int up_leg : {l_up_leg, r_up_leg}) {
    set_rotation(frame, up_leg, hip);
    set_rotation(frame, up_leg + 1, knee);
    set_rotation(frame, up_leg + 2, ankle);
  }
  return frame;
}

} // namespace lume::sim

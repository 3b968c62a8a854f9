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
  section::still,      section::arm_raise, section::groove,    section::step_right,
  section::dip,        section::step_left, section::groove,    section::still,
};

// The body: T-pose lengths (features::mocopi_t_pose) in a real stance.
constexpr double standing_root_height_m = 0.93;
constexpr double ankle_height_m = 0.07;
constexpr double thigh_m = 0.42;
constexpr double shank_m = 0.40;
constexpr double pelvis_pitch = -12 * deg; ///< tipped back
constexpr double neutral_flex = 22 * deg;  ///< spine, forward of the pelvis
constexpr double arm_hang = 80 * deg;      ///< from the T-pose's horizontal
constexpr double elbow_rest = 30 * deg;
constexpr double step_m = 0.25;            ///< a side step

constexpr vec3 x_axis{1.f, 0.f, 0.f};
constexpr vec3 y_axis{0.f, 1.f, 0.f};
constexpr vec3 z_axis{0.f, 0.f, 1.f};

double smoothstep(double u) {
  u = std::clamp(u, 0.0, 1.0);
  return u * u * (3 - 2 * u);
}

/// sin² bump over [begin, end): 0 with zero slope at both ends, 1 in the middle.
double bump(double x, double begin, double end) {
  if (x < begin || x >= end)
    return 0;
  const double s = std::sin(pi * (x - begin) / (end - begin));
  return s * s;
}

/// Perlin's smootherstep: 0 → 1 with zero slope and curvature at both ends.
double smootherstep(double u) {
  u = std::clamp(u, 0.0, 1.0);
  return u * u * u * (u * (6 * u - 15) + 10);
}

/// 1 inside the bar, easing in over its first and out over its last half
/// beat with zero slope and curvature at both ends: a bar's motion starts
/// and ends at rest, without a jolt.
double envelope(double u) {
  return smootherstep(u / 0.125) * smootherstep((1 - u) / 0.125);
}

quat rotation(vec3 axis, double angle_rad) {
  return axis_angle(axis, static_cast<float>(angle_rad));
}

quat conjugate(quat q) {
  return {-q.x, -q.y, -q.z, q.w};
}

/// The shortest rotation taking unit vector `a` to unit vector `b` (not opposite).
quat from_to(vec3 a, vec3 b) {
  const vec3 axis = features::cross(a, b);
  return features::normalized({axis.x, axis.y, axis.z, 1.f + features::dot(a, b)});
}

void set_rotation(features::skeleton_frame& frame, int bone, quat q) {
  frame.bones[static_cast<std::size_t>(bone)].rot = {q.x, q.y, q.z, q.w};
}

vec3 offset_of(const features::skeleton_frame& frame, int bone) {
  const auto& p = frame.bones[static_cast<std::size_t>(bone)].pos;
  return {p[0], p[1], p[2]};
}

/// Everything that moves, at one instant.
struct body_plan {
  vec3 root{0.f, static_cast<float>(standing_root_height_m), 0.f};
  double yaw = 0, pitch = pelvis_pitch, roll = 0;
  double flex = neutral_flex;
  double nod = 0;
  double raise_left = 0, raise_right = 0; ///< sideways, from hanging
  double swing_left = 0, swing_right = 0; ///< forward, from hanging
  double elbow_left = elbow_rest, elbow_right = elbow_rest;
  vec3 left_ankle{0.09f, static_cast<float>(ankle_height_m), 0.f};
  vec3 right_ankle{-0.09f, static_cast<float>(ankle_height_m), 0.f};
};

/// Sideways travel of the root and each foot during the pattern's steps.
struct travel {
  double root = 0, left = 0, right = 0;
  double left_lift = 0, right_lift = 0;
  double dip = 0;
};

/// A side step in bar-fraction `u`: the lead foot out over the first
/// quarter, the body across, the trailing foot closing; `from` is where it
/// starts, `direction` −1 to the dancer's right.
travel step_at(double u, double from, double direction, bool lead_is_left) {
  const double lead = from + direction * step_m * smoothstep((u - 0.05) / 0.25);
  const double trail = from + direction * step_m * smoothstep((u - 0.65) / 0.25);
  travel t;
  t.root = from + direction * step_m * smoothstep((u - 0.10) / 0.75);
  t.left = lead_is_left ? lead : trail;
  t.right = lead_is_left ? trail : lead;
  const double lead_lift = 0.05 * bump(u, 0.05, 0.30);
  const double trail_lift = 0.05 * bump(u, 0.65, 0.90);
  t.left_lift = lead_is_left ? lead_lift : trail_lift;
  t.right_lift = lead_is_left ? trail_lift : lead_lift;
  // Legs apart, the hips come down so both feet still reach the floor.
  t.dip = 0.045 * bump(u, 0.0, 1.0);
  return t;
}

travel travel_at(section now, double u) {
  switch (now) {
    case section::step_right: return step_at(u, 0.0, -1.0, false);
    case section::dip: return {-step_m, -step_m, -step_m, 0, 0, 0};
    case section::step_left: return step_at(u, -step_m, +1.0, true);
    default: return {};
  }
}

/// Two-bone leg: local rotations of hip, knee and ankle that put the ankle
/// at `ankle` (out of reach: as close as a straight leg gets) with the knee
/// bending forward and the foot at `foot` in the world.
struct leg_rotations {
  quat hip, knee, ankle;
};

leg_rotations leg_ik(quat root_world, vec3 hip_world, vec3 ankle, quat foot) {
  const vec3 d = ankle - hip_world;
  const double reach = thigh_m + shank_m - 1e-4;
  const double distance = std::clamp(static_cast<double>(features::length(d)), 0.3, reach);
  const vec3 direction = d * static_cast<float>(1.0 / features::length(d));
  const double a = thigh_m, b = shank_m, c = distance;
  const double at_hip = std::acos(std::clamp((a * a + c * c - b * b) / (2 * a * c), -1.0, 1.0));
  const double knee_bend = pi - std::acos(std::clamp((a * a + b * b - c * c) / (2 * a * b), -1.0, 1.0));
  const quat thigh = from_to({0.f, -1.f, 0.f}, direction) * rotation(x_axis, -at_hip);
  const quat knee = rotation(x_axis, knee_bend);
  const quat shank = thigh * knee;
  return {conjugate(root_world) * thigh, knee, conjugate(shank) * foot};
}

body_plan plan_at(double t_s, section now, double u, double beat_s) {
  body_plan p;
  const double env = envelope(u);
  const double beat_phase = 2 * pi * t_s / beat_s;

  // Always: breathing and postural sway (a person standing still).
  p.flex += 1.0 * deg * std::sin(2 * pi * t_s / 4.0);
  p.root.x += static_cast<float>(0.012 * std::sin(2 * pi * 0.21 * t_s));
  p.root.z += static_cast<float>(0.010 * std::sin(2 * pi * 0.13 * t_s + 1.0));

  const travel tr = travel_at(now, u);
  p.root.x += static_cast<float>(tr.root);
  p.root.y -= static_cast<float>(tr.dip);
  p.left_ankle.x += static_cast<float>(tr.left);
  p.right_ankle.x += static_cast<float>(tr.right);
  p.left_ankle.y += static_cast<float>(tr.left_lift);
  p.right_ankle.y += static_cast<float>(tr.right_lift);

  switch (now) {
    case section::still:
      break;
    case section::arm_raise: {
      // Up to about shoulder height in 0.7 s, a hold, down in 0.6 s.
      const double up = smoothstep((u - 0.10) / 0.35) - smoothstep((u - 0.60) / 0.30);
      p.raise_right = 85 * deg * up;
      p.raise_left = 8 * deg * up;
      p.elbow_right = elbow_rest - 20 * deg * up;
      p.flex -= 9 * deg * up;
      break;
    }
    case section::groove:
    case section::step_right:
    case section::step_left: {
      const double g = now == section::groove ? env : 0.4 * env;
      const double shift = std::sin(beat_phase / 2);
      p.root.x += static_cast<float>(g * 0.025 * shift);
      p.root.y -= static_cast<float>(g * 0.012 * (0.5 - 0.5 * std::cos(beat_phase)));
      p.roll = g * 3 * deg * shift;
      p.flex += g * 5 * deg * std::sin(2 * pi * u);
      p.swing_left = g * 12 * deg * shift;
      p.swing_right = -g * 12 * deg * shift;
      p.elbow_left += g * 15 * deg * (0.5 + 0.5 * std::sin(beat_phase));
      p.elbow_right += g * 15 * deg * (0.5 - 0.5 * std::sin(beat_phase));
      p.nod = g * 4 * deg * (0.5 - 0.5 * std::cos(beat_phase));
      break;
    }
    case section::dip: {
      const double d = bump(u, 0.05, 0.95);
      p.root.y -= static_cast<float>(0.12 * d);
      p.flex += 12 * deg * d;
      p.raise_left = p.raise_right = 60 * deg * d;
      p.elbow_left += 10 * deg * d;
      p.elbow_right += 10 * deg * d;
      p.yaw = 12 * deg * std::sin(2 * pi * u) * env;
      break;
    }
  }
  return p;
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
  const std::size_t bar = bar_index(t_s);
  const double u = pattern_time(t_s) / bar_s() - static_cast<double>(bar);
  const body_plan p = plan_at(t_s, pattern[bar], u, beat_s_);

  skeleton_frame frame = rest_;
  frame.timestamp_us = std::llround(t_s * 1e6);

  const quat root_rotation = rotation(y_axis, p.yaw) * rotation(x_axis, p.pitch)
                             * rotation(z_axis, p.roll);
  frame.bones[root].pos = {p.root.x, p.root.y, p.root.z};
  set_rotation(frame, root, root_rotation);

  // Spine: the flexion spread evenly over the seven torso bones, with a
  // small counter-bend against the pelvis roll; the head stays level.
  const quat spine_step = rotation(x_axis, p.flex / 7) * rotation(z_axis, -0.5 * p.roll / 7);
  for (int b = torso_1; b <= torso_7; ++b)
    set_rotation(frame, b, spine_step);
  const double chest_pitch = p.pitch + p.flex;
  set_rotation(frame, head, rotation(x_axis, -chest_pitch + p.nod));

  // Arms: in the T-pose they point along ±X; ∓arm_hang about Z hangs them
  // (in the chest's frame, then tipped back by the chest's pitch so they
  // hang plumb), a raise lifts them sideways, a swing forwards.
  const auto arm = [&](double raise, double swing, double side) {
    return rotation(x_axis, -(swing + chest_pitch)) * rotation(z_axis, side * (arm_hang - raise));
  };
  set_rotation(frame, l_up_arm, arm(p.raise_left, p.swing_left, -1));
  set_rotation(frame, r_up_arm, arm(p.raise_right, p.swing_right, +1));
  set_rotation(frame, l_low_arm, rotation(y_axis, -p.elbow_left));
  set_rotation(frame, r_low_arm, rotation(y_axis, p.elbow_right));

  // Legs: each ankle on its planted (or stepping) foot, the foot flat.
  const vec3 root_position{p.root.x, p.root.y, p.root.z};
  const auto leg = [&](int up_leg, vec3 ankle) {
    const vec3 hip = root_position + rotate(root_rotation, offset_of(frame, up_leg));
    const leg_rotations r = leg_ik(root_rotation, hip, ankle, quat{});
    set_rotation(frame, up_leg, r.hip);
    set_rotation(frame, up_leg + 1, r.knee);
    set_rotation(frame, up_leg + 2, r.ankle);
  };
  leg(l_up_leg, p.left_ankle);
  leg(r_up_leg, p.right_ankle);
  return frame;
}

} // namespace lume::sim

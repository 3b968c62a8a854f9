#pragma once

#include "actors/features/math3d.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace lume::features {

/// Number of bones in a Sony mocopi skeleton.
inline constexpr std::size_t bone_count = 27;

/// Sony mocopi bone ids (index into skeleton_frame::bones).
enum bone_id : int {
  root = 0, torso_1, torso_2, torso_3, torso_4, torso_5, torso_6, torso_7,
  neck_1, neck_2, head,
  l_shoulder, l_up_arm, l_low_arm, l_hand,
  r_shoulder, r_up_arm, r_low_arm, r_hand,
  l_up_leg, l_low_leg, l_foot, l_toes,
  r_up_leg, r_low_leg, r_foot, r_toes,
};

/// Parent of each bone in the mocopi hierarchy (-1 for the root).
inline constexpr std::array<int, bone_count> mocopi_parents = {
    -1, 0, 1, 2, 3, 4, 5, 6, // root, torso_1..torso_7
    7, 8, 9,                 // neck_1, neck_2, head
    7, 11, 12, 13,           // left shoulder .. hand
    7, 15, 16, 17,           // right shoulder .. hand
    0, 19, 20, 21,           // left up leg .. toes
    0, 23, 24, 25,           // right up leg .. toes
};

/// One bone as sent by mocopi: transform relative to its parent.
struct bone {
  /// Parent bone id, -1 for the root.
  int parent = -1;
  /// Local rotation quaternion, x y z w.
  std::array<float, 4> rot{0.f, 0.f, 0.f, 1.f};
  /// Local translation in metres (Y up); for the root, its world position.
  std::array<float, 3> pos{0.f, 0.f, 0.f};
};

/// One skeleton sample.
struct skeleton_frame {
  /// Capture time in microseconds (any monotonic epoch).
  std::int64_t timestamp_us = 0;
  std::array<bone, bone_count> bones{};
};

/// World-space pose of every bone: position in metres, orientation.
struct world_pose {
  std::array<vec3, bone_count> position{};
  std::array<quat, bone_count> rotation{};
};

/// Forward kinematics: world = parent_world * local, for any parent order.
/// Returns false (leaving `out` unspecified) if a parent id is out of range
/// or the parents form a cycle.
bool forward_kinematics(const skeleton_frame& frame, world_pose& out);

/// A skeleton frame with mocopi parents, identity rotations and approximate
/// T-pose bone offsets of a 1.75 m adult standing with the root 0.95 m above
/// the floor (toes at y = 0.02 m), facing +Z.
skeleton_frame mocopi_t_pose(std::int64_t timestamp_us = 0);

} // namespace lume::features

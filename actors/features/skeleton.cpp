#include "actors/features/skeleton.hpp"

namespace lume::features {

bool forward_kinematics(const skeleton_frame& frame, world_pose& out) {
  std::array<bool, bone_count> done{};
  std::size_t resolved = 0;
  // Each sweep resolves at least one bone whose parent is known; a sweep
  // that makes no progress means a cycle.
  while (resolved < bone_count) {
    const std::size_t before = resolved;
    for (std::size_t i = 0; i < bone_count; ++i) {
      if (done[i])
        continue;
      const bone& b = frame.bones[i];
      const quat local_rot = normalized({b.rot[0], b.rot[1], b.rot[2], b.rot[3]});
      const vec3 local_pos{b.pos[0], b.pos[1], b.pos[2]};
      if (b.parent < 0) {
        out.rotation[i] = local_rot;
        out.position[i] = local_pos;
      } else {
        const auto p = static_cast<std::size_t>(b.parent);
        if (p >= bone_count || p == i)
          return false;
        if (!done[p])
          continue;
        out.rotation[i] = out.rotation[p] * local_rot;
        out.position[i] = out.position[p] + rotate(out.rotation[p], local_pos);
      }
      done[i] = true;
      ++resolved;
    }
    if (resolved == before)
      return false;
  }
  return true;
}

skeleton_frame mocopi_t_pose(std::int64_t timestamp_us) {
  // Local offsets in metres, parent to child, Y up, +X to the body's left.
  static constexpr std::array<std::array<float, 3>, bone_count> offsets = {{
      {0.f, 0.95f, 0.f},                                    // root
      {0.f, 0.05f, 0.f}, {0.f, 0.05f, 0.f}, {0.f, 0.05f, 0.f}, // torso_1..3
      {0.f, 0.05f, 0.f}, {0.f, 0.06f, 0.f}, {0.f, 0.06f, 0.f}, // torso_4..6
      {0.f, 0.07f, 0.f},                                    // torso_7
      {0.f, 0.08f, 0.f}, {0.f, 0.05f, 0.f}, {0.f, 0.07f, 0.f}, // neck_1, neck_2, head
      {0.03f, 0.06f, 0.f}, {0.12f, 0.f, 0.f}, {0.28f, 0.f, 0.f}, {0.25f, 0.f, 0.f},
      {-0.03f, 0.06f, 0.f}, {-0.12f, 0.f, 0.f}, {-0.28f, 0.f, 0.f}, {-0.25f, 0.f, 0.f},
      {0.09f, -0.05f, 0.f}, {0.f, -0.42f, 0.f}, {0.f, -0.40f, 0.f}, {0.f, -0.06f, 0.12f},
      {-0.09f, -0.05f, 0.f}, {0.f, -0.42f, 0.f}, {0.f, -0.40f, 0.f}, {0.f, -0.06f, 0.12f},
  }};
  skeleton_frame frame;
  frame.timestamp_us = timestamp_us;
  for (std::size_t i = 0; i < bone_count; ++i) {
    frame.bones[i].parent = mocopi_parents[i];
    frame.bones[i].pos = offsets[i];
  }
  return frame;
}

} // namespace lume::features

#include "actors/features/motion_features.hpp"

#include "actors/features/body_mass.hpp"

#include <algorithm>
#include <cmath>

namespace lume::features {

float chest_flex_deg(quat pelvis, quat chest, vec3 up_axis, vec3 forward_axis) {
  const vec3 pelvis_up = rotate(pelvis, up_axis);
  const vec3 pelvis_forward = rotate(pelvis, forward_axis);
  const vec3 chest_up = rotate(chest, up_axis);
  const float along_up = dot(chest_up, pelvis_up);
  const float along_forward = dot(chest_up, pelvis_forward);
  constexpr float rad_to_deg = 57.29577951308232f;
  return std::atan2(along_forward, along_up) * rad_to_deg;
}

motion_features::motion_features(const motion_config& cfg)
  : cfg_(cfg),
    floor_(cfg.floor_rise_rate_m_per_s),
    jump_(cfg.jump),
    stillness_(cfg.stillness) {
  if (cfg_.chest_bone < 0 || cfg_.chest_bone >= static_cast<int>(bone_count))
    cfg_.chest_bone = torso_7;
}

const motion_result& motion_features::process(const skeleton_frame& frame) {
  const bool have_previous = frames_since_start_ > 0;
  const float dt_s = have_previous
                       ? static_cast<float>(frame.timestamp_us - previous_timestamp_us_) * 1e-6f
                       : 0.f;
  if ((have_previous && dt_s <= 0.f) || !forward_kinematics(frame, scratch_pose_)) {
    result_.accepted = false;
    return result_;
  }
  result_.accepted = true;
  result_.timestamp_us = frame.timestamp_us;
  result_.pose = scratch_pose_;
  const bool restart = have_previous && dt_s > cfg_.max_gap_s;
  if (restart)
    frames_since_start_ = 0;
  update_derivatives(dt_s, have_previous && !restart);
  const float step_s = restart ? 0.f : dt_s;
  const auto& pose = result_.pose;
  result_.chest_flex_deg = chest_flex_deg(pose.rotation[root],
                                          pose.rotation[cfg_.chest_bone],
                                          cfg_.up_axis, cfg_.forward_axis);
  update_heights(step_s);
  result_.stillness = stillness_.update(result_.kinetic_energy_j,
                                        result_.velocity_valid ? step_s : 0.f);
  previous_timestamp_us_ = frame.timestamp_us;
  return result_;
}

void motion_features::update_derivatives(float dt_s, bool have_previous) {
  auto& r = result_;
  const bool have_velocity = have_previous && frames_since_start_ >= 2;
  float energy = 0.f;
  for (std::size_t i = 0; i < bone_count; ++i) {
    const vec3 p = r.pose.position[i];
    vec3 v{};
    vec3 a{};
    if (have_previous) {
      v = (p - previous_position_[i]) * (1.f / dt_s);
      if (have_velocity)
        a = (v - r.velocity[i]) * (2.f / (dt_s + previous_dt_s_));
    }
    r.velocity[i] = v;
    r.acceleration[i] = a;
    previous_position_[i] = p;
    energy += 0.5f * segment_mass_fraction[i] * dot(v, v);
  }
  r.kinetic_energy_j = energy * cfg_.body_mass_kg;
  r.velocity_valid = have_previous;
  r.acceleration_valid = have_velocity;
  previous_dt_s_ = dt_s;
  ++frames_since_start_;
}

void motion_features::update_heights(float dt_s) {
  auto& r = result_;
  const auto& pos = r.pose.position;
  const float lowest_foot = std::min({pos[l_foot].y, pos[l_toes].y,
                                      pos[r_foot].y, pos[r_toes].y});
  const float floor_y = floor_.update(lowest_foot, dt_s);
  r.floor_height_m = floor_y;
  r.left_hand_above_root_m = pos[l_hand].y - pos[root].y;
  r.right_hand_above_root_m = pos[r_hand].y - pos[root].y;
  r.left_hand_above_floor_m = pos[l_hand].y - floor_y;
  r.right_hand_above_floor_m = pos[r_hand].y - floor_y;
  r.jump = jump_.update(pos[root].y - floor_y, r.velocity[root].y,
                        lowest_foot - floor_y, dt_s);
}

} // namespace lume::features

#pragma once

#include "actors/features/math3d.hpp"
#include "actors/features/motion_events.hpp"
#include "actors/features/skeleton.hpp"

#include <array>
#include <cstdint>

namespace lume::features {

/// Motion feature settings.
struct motion_config {
  /// Performer body mass for the kinetic energy, kilograms.
  float body_mass_kg = 70.f;
  /// Bone whose orientation is the chest for the chest flex angle.
  int chest_bone = torso_7;
  /// Up direction in each bone's local frame (mocopi: +Y).
  vec3 up_axis{0.f, 1.f, 0.f};
  /// Forward direction in the root's local frame (mocopi: +Z).
  vec3 forward_axis{0.f, 0.f, 1.f};
  /// Frames further apart than this restart the finite differences, seconds.
  float max_gap_s = 0.5f;
  /// Fastest upward drift of the floor estimate, m/s.
  float floor_rise_rate_m_per_s = 0.02f;
  jump_config jump;
  stillness_config stillness;
};

/// Motion features of one skeleton frame. World axes are those of the input
/// (Y up), positions in metres.
struct motion_result {
  /// Timestamp of the frame these features describe, microseconds.
  std::int64_t timestamp_us = 0;
  /// False if the frame was ignored (timestamp not after the previous one, or
  /// an invalid parent hierarchy): all other fields hold the previous values.
  bool accepted = false;
  /// Velocities are valid from the second frame after a (re)start.
  bool velocity_valid = false;
  /// Accelerations are valid from the third frame after a (re)start.
  bool acceleration_valid = false;
  /// World position and orientation of each joint.
  world_pose pose;
  /// Joint velocity (backward difference), m/s.
  std::array<vec3, bone_count> velocity{};
  /// Joint acceleration (non-uniform central second difference), m/s^2.
  std::array<vec3, bone_count> acceleration{};
  /// Sum of 0.5 m v^2 over joints with masses from segment_mass_fraction, J.
  float kinetic_energy_j = 0.f;
  /// Spine flexion: signed angle between pelvis up and chest up in the
  /// pelvis sagittal plane, degrees, forward bend positive.
  float chest_flex_deg = 0.f;
  /// Hand heights above the root joint, metres.
  float left_hand_above_root_m = 0.f;
  float right_hand_above_root_m = 0.f;
  /// Hand heights above the floor estimate, metres.
  float left_hand_above_floor_m = 0.f;
  float right_hand_above_floor_m = 0.f;
  /// Floor estimate (lowest foot/toe joint, slowly relaxing up), metres.
  float floor_height_m = 0.f;
  jump_state jump;
  stillness_state stillness;
};

/// Spine flexion in degrees from world orientations: the chest up vector
/// projected into the pelvis sagittal plane (pelvis up, pelvis forward),
/// measured from pelvis up, forward positive.
float chest_flex_deg(quat pelvis, quat chest, vec3 up_axis, vec3 forward_axis);

/// Per-frame motion features from mocopi skeletons. Allocation-free.
class motion_features {
public:
  explicit motion_features(const motion_config& cfg = {});

  /// Consumes one frame (timestamps must increase; others are ignored).
  /// The returned reference stays valid until the next call.
  const motion_result& process(const skeleton_frame& frame);

private:
  void update_derivatives(float dt_s, bool have_previous);
  void update_heights(float dt_s);

  motion_config cfg_;
  motion_result result_;
  floor_estimator floor_;
  jump_detector jump_;
  stillness_detector stillness_;
  world_pose scratch_pose_;
  std::array<vec3, bone_count> previous_position_{};
  std::int64_t previous_timestamp_us_ = 0;
  float previous_dt_s_ = 0.f;
  int frames_since_start_ = 0;
};

} // namespace lume::features

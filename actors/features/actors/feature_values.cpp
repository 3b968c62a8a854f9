#include "actors/features/actors/feature_values.hpp"

namespace lume {

void motion_values(const features::motion_result& r, feature_values& out) {
  const auto& root = r.pose.position[features::root];
  out["motion.energy_j"] = r.kinetic_energy_j;
  out["motion.chest_flex_deg"] = r.chest_flex_deg;
  out["motion.left_hand_above_root_m"] = r.left_hand_above_root_m;
  out["motion.right_hand_above_root_m"] = r.right_hand_above_root_m;
  out["motion.left_hand_above_floor_m"] = r.left_hand_above_floor_m;
  out["motion.right_hand_above_floor_m"] = r.right_hand_above_floor_m;
  out["motion.root_x_m"] = root.x;
  out["motion.root_y_m"] = root.y;
  out["motion.root_z_m"] = root.z;
  out["motion.root_above_floor_m"] = root.y - r.floor_height_m;
  out["motion.vertical_velocity_m_per_s"] = r.jump.vertical_velocity_m_per_s;
  out["motion.jumping"] = r.jump.jumping ? 1 : 0;
  out["motion.jump_started"] = r.jump.jump_started ? 1 : 0;
  out["motion.jump_count"] = r.jump.jump_count;
  out["motion.still"] = r.stillness.still ? 1 : 0;
}

void phone_values(const features::phone_result& r, feature_values& out) {
  out["phone.accel_minus_gravity_m_per_s2"] = r.accel_minus_gravity_m_per_s2;
  out["phone.vertical_accel_m_per_s2"] = r.vertical_accel_m_per_s2;
  out["phone.rotation_rate_rad_per_s"] = r.rotation_rate_rad_per_s;
  out["phone.shake_energy"] = r.shake_energy;
}

void depth_values(const features::depth_result& r, feature_values& out) {
  out["depth.present"] = r.present ? 1 : 0;
  out["depth.band_fraction"] = r.band_fraction;
  if (r.body_valid) {
    out["depth.centroid_x"] = r.centroid_x;
    out["depth.centroid_y"] = r.centroid_y;
    out["depth.centroid_z_mm"] = r.centroid_z_mm;
    out["depth.bbox_width"] = r.bbox.right - r.bbox.left;
    out["depth.bbox_height"] = r.bbox.bottom - r.bbox.top;
  }
  if (r.motion_valid)
    out["depth.motion_energy"] = r.motion_energy;
}

void audio_values(const features::audio_result& r, feature_values& out) {
  out["audio.mix_rms"] = r.mix_rms;
  out["audio.mix_dbfs"] = r.mix_dbfs;
  out["audio.centroid_hz"] = r.centroid_hz;
  out["audio.onset"] = r.onset.onset ? 1 : 0;
  out["audio.onset_strength"] = r.onset.strength;
}

void doa_values(const features::doa_result& r, feature_values& out) {
  out["audio.doa_valid"] = r.valid ? 1 : 0;
  if (r.valid) {
    out["audio.azimuth_deg"] = r.azimuth_deg;
    out["audio.doa_confidence"] = r.confidence;
  }
}

bool to_dsp(const skeleton_frame& msg, features::skeleton_frame& out) {
  if (msg.joints.size() != features::bone_count)
    return false;
  out.timestamp_us = msg.origin_us;
  for (std::size_t i = 0; i < features::bone_count; ++i) {
    const auto& j = msg.joints[i];
    if (j.parent < -1 || j.parent >= static_cast<int32_t>(features::bone_count))
      return false;
    auto& b = out.bones[i];
    b.parent = j.parent;
    b.rot = {j.qx, j.qy, j.qz, j.qw};
    b.pos = {j.px, j.py, j.pz};
  }
  return true;
}

features::phone_sample to_dsp(const phone_motion& msg, float gravity_m_per_s2) {
  features::phone_sample s;
  s.timestamp_us = msg.origin_us;
  s.accel_m_per_s2 = {msg.ax * gravity_m_per_s2, msg.ay * gravity_m_per_s2,
                      msg.az * gravity_m_per_s2};
  s.gyro_rad_per_s = {msg.gx, msg.gy, msg.gz};
  s.attitude = {msg.qx, msg.qy, msg.qz, msg.qw};
  return s;
}

} // namespace lume

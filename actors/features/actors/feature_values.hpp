#pragma once

#include <map>
#include <string>

#include "actors/features/audio_features.hpp"
#include "actors/features/depth_features.hpp"
#include "actors/features/doa.hpp"
#include "actors/features/motion_features.hpp"
#include "actors/features/phone_features.hpp"
#include "system/messages/messages.hpp"

/// The named values of `feature_vector` messages: what each DSP result
/// publishes, under `KIND.NAME_UNIT` names the mapper and SAN configs refer to.
namespace lume {

using feature_values = std::map<std::string, double>;

/// `motion.energy_j`, `motion.chest_flex_deg`, `motion.{left,right}_hand_above_{root,floor}_m`,
/// `motion.root_{x,y,z}_m`, `motion.root_above_floor_m`, `motion.vertical_velocity_m_per_s`,
/// `motion.jumping`, `motion.jump_started`, `motion.jump_count`, `motion.still` (flags 0 or 1).
void motion_values(const features::motion_result& r, feature_values& out);

/// `phone.accel_minus_gravity_m_per_s2`, `phone.vertical_accel_m_per_s2`,
/// `phone.rotation_rate_rad_per_s`, `phone.shake_energy`.
void phone_values(const features::phone_result& r, feature_values& out);

/// `depth.present`, `depth.band_fraction`, `depth.centroid_{x,y}` (0..1),
/// `depth.centroid_z_mm`, `depth.bbox_{width,height}` (0..1), `depth.motion_energy`.
void depth_values(const features::depth_result& r, feature_values& out);

/// `audio.mix_rms`, `audio.mix_dbfs`, `audio.centroid_hz`, `audio.onset`,
/// `audio.onset_strength`.
void audio_values(const features::audio_result& r, feature_values& out);

/// `audio.azimuth_deg`, `audio.doa_confidence`, `audio.doa_valid`.
void doa_values(const features::doa_result& r, feature_values& out);

/// The DSP's input from a skeleton message: false unless it has the 27
/// joints of the mocopi rig with parents inside it.
bool to_dsp(const skeleton_frame& msg, features::skeleton_frame& out);

/// The DSP's input from a phone message (g → m/s²).
features::phone_sample to_dsp(const phone_motion& msg, float gravity_m_per_s2);

} // namespace lume

#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "net/encode_result.hpp"
#include "net/lum_payload_status.hpp"

/// LUMM payload: one skeleton pose.
///
///   0 frame_number u32 | 4 joint_count u16 (<= 64) |
///   6 joint_count × { parent i16 (-1 = root) | qx qy qz qw f32 | px py pz f32 }  (30 bytes each)
namespace lume::net {

inline constexpr std::size_t skeleton_payload_header_size = 6;
inline constexpr std::size_t skeleton_joint_size = 30;
/// Room for mocopi's 27 bones and for depth-camera body trackers (32 joints).
inline constexpr std::size_t skeleton_max_joints = 64;

/// One joint: rotation quaternion and translation (m), local to its parent.
struct skeleton_joint {
  std::int16_t parent = -1; ///< index of the parent joint, -1 for a root
  float qx = 0, qy = 0, qz = 0, qw = 1;
  float px = 0, py = 0, pz = 0;
};

/// A pose of a whole skeleton.
struct skeleton_payload {
  std::uint32_t frame_number = 0;
  std::vector<skeleton_joint> joints;
};

std::size_t skeleton_payload_size(std::size_t joint_count);

/// Fails with invalid_input above skeleton_max_joints or on a parent that is
/// neither -1 nor the index of another joint.
encode_result encode_skeleton_payload(const skeleton_payload& pose, std::uint8_t* out,
                                      std::size_t capacity);

/// Decodes into `out`, reusing its storage.
payload_status decode_skeleton_payload(const std::uint8_t* payload, std::size_t size,
                                       skeleton_payload& out);

} // namespace lume::net

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

/// What Sony mocopi's UDP stream carries, as decoded by lume_net. The wire
/// format is in docs/protocols.md.
namespace lume::net {

inline constexpr std::uint16_t mocopi_port = 12351;
/// Bones of the mocopi rig; larger rigs are refused (too_many_bones).
inline constexpr std::size_t mocopi_max_bones = 27;
/// `parent_id` of the root bone.
inline constexpr std::uint16_t mocopi_no_parent = 0xFFFF;

/// Datagram sizes of the app for the 27-bone rig.
inline constexpr std::size_t mocopi_skeleton_size_27 = 1821;
inline constexpr std::size_t mocopi_frame_size_27 = 1605;           ///< with uttm and tmcd
inline constexpr std::size_t mocopi_frame_size_27_uttm_only = 1591; ///< older apps
inline constexpr std::size_t mocopi_frame_size_27_no_clock = 1575;  ///< oldest apps

/// Rotation quaternion (x, y, z, w) then position (m; Y up, right-handed).
struct mocopi_transform {
  float rx = 0, ry = 0, rz = 0, rw = 1;
  float px = 0, py = 0, pz = 0;
};

/// The `sndf` chunk: opaque 8 bytes (`ipad`) and the receiver port (`rcvp`).
struct mocopi_sender {
  std::array<std::uint8_t, 8> ipad{};
  std::uint16_t receiver_port = mocopi_port;
};

/// One bone of the rest pose, with its parent.
struct mocopi_rest_bone {
  std::uint16_t id = 0;
  std::uint16_t parent_id = mocopi_no_parent;
  mocopi_transform rest;
};

/// A skeleton (`skdf`) datagram: the rig's hierarchy and rest pose.
struct mocopi_skeleton {
  std::optional<mocopi_sender> sender;
  std::array<mocopi_rest_bone, mocopi_max_bones> bones{};
  std::size_t bone_count = 0;
  bool has_unread_chunks = false; ///< carried chunks this decoder does not know
};

/// One bone's transform in a frame.
struct mocopi_bone_pose {
  std::uint16_t id = 0;
  mocopi_transform transform;
};

/// A frame (`fram`) datagram: one pose. Bones whose transform is non-finite
/// or whose rotation has zero length are left out and counted as unusable.
struct mocopi_frame {
  std::optional<mocopi_sender> sender;
  std::uint32_t frame_number = 0;               ///< `fnum`
  float time_s = 0;                             ///< `time`: seconds since stream start
  std::optional<double> unix_time_s;            ///< `uttm`, newer apps
  std::optional<std::array<std::uint8_t, 6>> timecode; ///< `tmcd`, newest apps, uninterpreted
  std::array<mocopi_bone_pose, mocopi_max_bones> bones{};
  std::size_t bone_count = 0;     ///< usable bones in `bones`
  std::size_t unusable_bones = 0; ///< bone records left out
  bool has_unread_chunks = false; ///< carried chunks this decoder does not know
};

} // namespace lume::net

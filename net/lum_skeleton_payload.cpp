#include "net/lum_skeleton_payload.hpp"

#include "net/byte_io.hpp"

namespace lume::net {

namespace {

bool valid_parent(std::int16_t parent, std::size_t index, std::size_t joint_count) {
  return parent == -1
         || (parent >= 0 && static_cast<std::size_t>(parent) < joint_count
             && static_cast<std::size_t>(parent) != index);
}

} // namespace

std::size_t skeleton_payload_size(std::size_t joint_count) {
  return skeleton_payload_header_size + skeleton_joint_size * joint_count;
}

encode_result encode_skeleton_payload(const skeleton_payload& pose, std::uint8_t* out,
                                      std::size_t capacity) {
  const std::size_t count = pose.joints.size();
  if (count > skeleton_max_joints)
    return encode_failed(encode_error::invalid_input);
  for (std::size_t i = 0; i < count; ++i)
    if (!valid_parent(pose.joints[i].parent, i, count))
      return encode_failed(encode_error::invalid_input);
  if (capacity < skeleton_payload_size(count))
    return encode_failed(encode_error::buffer_too_small);
  le_writer w{out, capacity};
  w.u32(pose.frame_number);
  w.u16(static_cast<std::uint16_t>(count));
  for (const auto& j : pose.joints) {
    w.u16(static_cast<std::uint16_t>(j.parent));
    for (float v : {j.qx, j.qy, j.qz, j.qw, j.px, j.py, j.pz})
      w.f32(v);
  }
  return encoded(w.size());
}

payload_status decode_skeleton_payload(const std::uint8_t* payload, std::size_t size,
                                       skeleton_payload& out) {
  if (size < skeleton_payload_header_size)
    return payload_status::truncated;
  le_reader r{payload, size};
  const std::uint32_t frame_number = r.u32();
  const std::uint16_t count = r.u16();
  if (count > skeleton_max_joints)
    return payload_status::too_many_joints;
  if (size < skeleton_payload_size(count))
    return payload_status::truncated;
  if (size > skeleton_payload_size(count))
    return payload_status::trailing_bytes;
  out.frame_number = frame_number;
  out.joints.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto& j = out.joints[i];
    j.parent = static_cast<std::int16_t>(r.u16());
    if (!valid_parent(j.parent, i, count))
      return payload_status::bad_parent;
    j.qx = r.f32();
    j.qy = r.f32();
    j.qz = r.f32();
    j.qw = r.f32();
    j.px = r.f32();
    j.py = r.f32();
    j.pz = r.f32();
  }
  return payload_status::ok;
}

} // namespace lume::net

#include "actors/sim/mocopi_source.hpp"

#include <algorithm>

#include "net/mocopi_encoder.hpp"

namespace lume::sim {

namespace {

net::mocopi_transform to_mocopi(const features::bone& b) {
  return {b.rot[0], b.rot[1], b.rot[2], b.rot[3], b.pos[0], b.pos[1], b.pos[2]};
}

} // namespace

mocopi_source::mocopi_source(unsigned fps, std::uint16_t receiver_port)
  : fps_(std::max(fps, 1u)) {
  const net::mocopi_sender sender{{}, receiver_port};
  const auto rest = features::mocopi_t_pose();
  skeleton_.sender = sender;
  skeleton_.bone_count = features::bone_count;
  for (std::size_t i = 0; i < features::bone_count; ++i) {
    auto& bone = skeleton_.bones[i];
    bone.id = static_cast<std::uint16_t>(i);
    const int parent = rest.bones[i].parent;
    bone.parent_id = parent < 0 ? net::mocopi_no_parent : static_cast<std::uint16_t>(parent);
    bone.rest = to_mocopi(rest.bones[i]);
  }
  frame_.sender = sender;
  frame_.timecode.emplace();
  frame_.bone_count = features::bone_count;
  for (std::size_t i = 0; i < features::bone_count; ++i)
    frame_.bones[i].id = static_cast<std::uint16_t>(i);
  buffer_.resize(std::max(net::mocopi_skeleton_datagram_size(skeleton_),
                          net::mocopi_frame_datagram_size(frame_)));
}

void mocopi_source::emit(std::uint64_t n, const capture_clock& now, datagram_sink& out) {
  const auto slot = static_cast<std::uint64_t>(static_cast<double>(n)
                                               / (skeleton_interval_s * fps_));
  if (!last_skeleton_slot_ || *last_skeleton_slot_ != slot) {
    last_skeleton_slot_ = slot;
    if (auto r = net::encode_mocopi_skeleton(skeleton_, buffer_.data(), buffer_.size()))
      out.send(buffer_.data(), r.size);
  }
  fill_frame(n, now);
  if (auto r = net::encode_mocopi_frame(frame_, buffer_.data(), buffer_.size()))
    out.send(buffer_.data(), r.size);
}

void mocopi_source::fill_frame(std::uint64_t n, const capture_clock& now) {
  const double t_s = static_cast<double>(n) / fps_;
  const auto pose = dancer_.pose(t_s);
  frame_.frame_number = static_cast<std::uint32_t>(n);
  frame_.time_s = static_cast<float>(t_s);
  frame_.unix_time_s = now.unix_s;
  for (std::size_t i = 0; i < features::bone_count; ++i)
    frame_.bones[i].transform = to_mocopi(pose.bones[i]);
}

} // namespace lume::sim

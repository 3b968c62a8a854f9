#include "actors/sensors/mocopi_rig.hpp"

#include <algorithm>

namespace lume {

namespace {

void set_transform(joint& j, const net::mocopi_transform& t) {
  j.qx = t.rx;
  j.qy = t.ry;
  j.qz = t.rz;
  j.qw = t.rw;
  j.px = t.px;
  j.py = t.py;
  j.pz = t.pz;
}

} // namespace

void mocopi_rig::reset(const net::mocopi_skeleton& skeleton) {
  index_.clear();
  for (std::size_t i = 0; i < skeleton.bone_count; ++i)
    index_.emplace_back(skeleton.bones[i].id, static_cast<std::uint16_t>(i));
  std::sort(index_.begin(), index_.end());
  rest_.assign(skeleton.bone_count, joint{});
  for (std::size_t i = 0; i < skeleton.bone_count; ++i) {
    auto& bone = skeleton.bones[i];
    rest_[i].parent = bone.parent_id == net::mocopi_no_parent ? -1 : index_of(bone.parent_id);
    set_transform(rest_[i], bone.rest);
  }
}

int mocopi_rig::index_of(std::uint16_t id) const {
  auto i = std::lower_bound(index_.begin(), index_.end(), std::make_pair(id, std::uint16_t{0}));
  return i != index_.end() && i->first == id ? i->second : -1;
}

void mocopi_rig::pose(const net::mocopi_frame& frame, std::vector<joint>& out) const {
  out = rest_;
  for (std::size_t i = 0; i < frame.bone_count; ++i) {
    auto index = index_of(frame.bones[i].id);
    if (index >= 0)
      set_transform(out[static_cast<std::size_t>(index)], frame.bones[i].transform);
  }
}

} // namespace lume

#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "net/mocopi_types.hpp"
#include "system/messages/messages.hpp"

namespace lume {

/// A mocopi session's skeleton as message joints: one joint per bone in the
/// skeleton's order, parents as indices, rest transforms. Turns the bone
/// records of a frame into a full set of joints (a bone the frame lacks
/// keeps its rest transform).
class mocopi_rig {
public:
  /// Takes the hierarchy and rest pose of `skeleton`.
  void reset(const net::mocopi_skeleton& skeleton);

  /// The joints of `frame` on this rig into `out` (resized to the rig).
  void pose(const net::mocopi_frame& frame, std::vector<joint>& out) const;

  std::size_t size() const { return rest_.size(); }

private:
  /// Index of bone `id` in the rig, -1 if it has none.
  int index_of(std::uint16_t id) const;

  std::vector<joint> rest_;
  /// (bone id, joint index), sorted by id.
  std::vector<std::pair<std::uint16_t, std::uint16_t>> index_;
};

} // namespace lume

#pragma once

#include <cstdint>

namespace lume::net {

/// Outcome of decoding a reassembled LUM payload.
enum class payload_status : std::uint8_t {
  ok,
  truncated,        ///< fewer bytes than the payload's own fields announce
  trailing_bytes,   ///< more bytes than the payload's own fields announce
  bad_dimensions,   ///< zero width/height, channels or sample rate
  too_many_joints,  ///< skeleton above skeleton_max_joints
  bad_parent,       ///< a joint's parent is neither -1 nor another joint's index
  bad_feature_name, ///< empty audio feature name
};

const char* to_string(payload_status status);

} // namespace lume::net

#pragma once

#include <cstdint>

namespace lume::net {

/// Why a mocopi datagram was refused. Each value has a counter of the same
/// name in `mocopi_counters`.
enum class mocopi_refusal : std::uint8_t {
  // The chunk walk (container level).
  truncated_chunk_header, ///< fewer than 8 bytes where a chunk must start
  chunk_overrun,          ///< a chunk's length runs past its container
  // The packet (decode_mocopi_datagram).
  missing_head,       ///< no `head` chunk
  bad_format_name,    ///< `ftyp` is not "sony motion format"
  bad_version,        ///< `vrsn` other than 1
  duplicate_chunk,    ///< a field or container appears twice
  both_kinds,         ///< both `skdf` and `fram`
  no_kind,            ///< neither `skdf` nor `fram`
  missing_field,      ///< a required field is absent
  bad_field_size,     ///< a field's length disagrees with its type
  bad_clock,          ///< `time` or `uttm` negative or not finite
  no_bones,           ///< an empty `bons` or `btrs`
  too_many_bones,     ///< more than mocopi_max_bones
  duplicate_bone,     ///< a bone id appears twice
  bad_rest_transform, ///< a skeleton bone's transform is unusable
  bad_hierarchy,      ///< a skeleton bone's parent is not a bone of the skeleton
  // The stream (mocopi_stream).
  duplicate_frame, ///< the frame number just seen again
  stale_frame,     ///< an older frame arriving late
  no_skeleton,     ///< a frame while no skeleton describes the session
  rig_mismatch,    ///< a frame with a bone the session's skeleton lacks
};

const char* to_string(mocopi_refusal reason);

} // namespace lume::net

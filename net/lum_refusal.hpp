#pragma once

#include <cstdint>

namespace lume::net {

/// Why a LUM datagram was refused. Each value has a counter of the same name
/// in `lum_reassembly_counters`.
enum class lum_refusal : std::uint8_t {
  truncated,              ///< shorter than the header, or than header + payload_length
  trailing_bytes,         ///< longer than header + payload_length
  bad_magic,              ///< not LUMD, LUMF or LUMM
  wrong_kind,             ///< a LUM magic, but of another stream than this receiver's
  bad_version,            ///< version other than lum_version
  bad_fragment_count,     ///< zero, or more fragments than frame bytes
  bad_fragment_index,     ///< fragment index >= fragment count
  fragment_size_mismatch, ///< payload length is not this fragment's share of the frame
  frame_too_large,        ///< frame length above the receiver's limit
  frame_header_mismatch,  ///< disagrees with earlier fragments of the same frame
  duplicate_fragment,     ///< this fragment of this frame already arrived
  stale_fragment,         ///< its frame was already completed or dropped
};

/// The name of `reason`, as it appears in logs and in the counter struct.
const char* to_string(lum_refusal reason);

} // namespace lume::net

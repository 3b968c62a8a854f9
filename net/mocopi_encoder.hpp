#pragma once

#include <cstddef>
#include <cstdint>

#include "net/encode_result.hpp"
#include "net/mocopi_types.hpp"

/// Writes datagrams byte-compatible with the mocopi app, in its chunk order:
/// head (ftyp, vrsn) · sndf (ipad, rcvp) · skdf (bons → bndt…) or
/// fram (fnum, time, [uttm], [tmcd], btrs → btdt…).
namespace lume::net {

/// Encoded size of `skeleton`: 1821 bytes for 27 bones with a sender.
std::size_t mocopi_skeleton_datagram_size(const mocopi_skeleton& skeleton);

/// Encoded size of `frame`: 1605 bytes for 27 bones with uttm and tmcd,
/// 1591 with uttm only, 1575 with neither (34 fewer without a sender).
std::size_t mocopi_frame_datagram_size(const mocopi_frame& frame);

/// Fails with invalid_input for 0 or more than mocopi_max_bones bones.
encode_result encode_mocopi_skeleton(const mocopi_skeleton& skeleton, std::uint8_t* out,
                                     std::size_t capacity);

/// Writes the frame's usable bones; `unusable_bones` is not encoded.
/// Fails with invalid_input for 0 or more than mocopi_max_bones bones.
encode_result encode_mocopi_frame(const mocopi_frame& frame, std::uint8_t* out,
                                  std::size_t capacity);

} // namespace lume::net

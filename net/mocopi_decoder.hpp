#pragma once

#include <cstddef>
#include <cstdint>
#include <variant>

#include "net/mocopi_refusal.hpp"
#include "net/mocopi_types.hpp"

namespace lume::net {

/// One decoded datagram: a skeleton, a frame, or why it was refused.
using mocopi_decoded = std::variant<mocopi_skeleton, mocopi_frame, mocopi_refusal>;

/// Decodes one mocopi datagram on its own, with no memory of earlier ones.
/// Never reads outside [data, data + size). Unknown chunks are skipped and
/// flagged (`has_unread_chunks`); `uttm`, `tmcd` and `sndf` are optional, so
/// 1575-, 1591- and 1605-byte frames all decode. A frame keeps its usable
/// bones and counts the others; a skeleton with an unusable bone is refused.
mocopi_decoded decode_mocopi_datagram(const std::uint8_t* data, std::size_t size);

} // namespace lume::net

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <variant>

#include "net/lum_refusal.hpp"

/// The datagram header shared by LUME's own sensor streams: LUMD (depth),
/// LUMF (audio + audio features) and LUMM (motion skeleton). Byte layout in
/// docs/protocols.md. Little-endian, fixed 28-byte layout:
///
///   0 magic[4] | 4 version u8 | 5 stream_id u8 | 6 payload_length u16 |
///   8 sequence u32 | 12 frame_length u32 | 16 origin_time_us i64 |
///   24 fragment_index u16 | 26 fragment_count u16 | 28 payload
namespace lume::net {

/// Which LUM stream a datagram belongs to; each has its own magic and port.
enum class lum_kind : std::uint8_t { depth, audio, motion };

inline constexpr std::uint8_t lum_version = 1;
inline constexpr std::size_t lum_header_size = 28;
/// Largest UDP payload that crosses a 1500-byte Ethernet MTU without IP
/// fragmentation (1500 - 20 IPv4 - 8 UDP).
inline constexpr std::size_t lum_max_datagram_size = 1472;
/// Largest payload of any UDP datagram over IPv4 (65535 - 20 - 8).
inline constexpr std::size_t lum_largest_udp_payload = 65507;
/// Largest fragment payload: one MTU-sized datagram minus the header.
inline constexpr std::size_t lum_max_fragment_payload = lum_max_datagram_size - lum_header_size;

inline constexpr std::uint16_t lum_depth_port = 9700;
inline constexpr std::uint16_t lum_audio_port = 9701;
inline constexpr std::uint16_t lum_motion_port = 9702;

/// The four ASCII bytes opening every datagram of `kind`.
std::array<char, 4> lum_magic(lum_kind kind);

/// The header of one datagram: which frame it belongs to and which part of
/// the frame's payload it carries.
struct lum_header {
  lum_kind kind = lum_kind::depth;
  std::uint8_t stream_id = 0;       ///< distinguishes several senders of one kind
  std::uint16_t payload_length = 0; ///< payload bytes in this datagram
  std::uint32_t sequence = 0;       ///< frame counter of the stream, wraps
  std::uint32_t frame_length = 0;   ///< payload bytes of the whole frame
  std::int64_t origin_time_us = 0;  ///< Link host clock (CLOCK_MONOTONIC_RAW), µs
  std::uint16_t fragment_index = 0;
  std::uint16_t fragment_count = 1;
};

/// Where one fragment's payload sits in its frame.
struct lum_fragment_extent {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

/// The even split every LUM sender uses: with L frame bytes in n fragments,
/// each fragment carries L / n bytes and the first L % n carry one more.
/// Requires `index < count`.
lum_fragment_extent lum_fragment_extent_of(std::uint32_t frame_length, std::uint16_t count,
                                           std::uint16_t index);

/// Fragments needed for `frame_length` bytes at most `max_fragment_payload`
/// each (at least 1); 0 if the frame needs more than 65535 fragments.
std::uint16_t lum_fragment_count_for(std::size_t frame_length, std::size_t max_fragment_payload);

/// Writes the 28 header bytes to `out`.
void write_lum_header(const lum_header& header, std::uint8_t* out);

/// Validates one datagram's header against its own length and the even split.
/// Refusals: truncated, trailing_bytes, bad_magic, bad_version,
/// bad_fragment_count, bad_fragment_index, fragment_size_mismatch.
std::variant<lum_header, lum_refusal> parse_lum_header(const std::uint8_t* datagram,
                                                       std::size_t size);

} // namespace lume::net

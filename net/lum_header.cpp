#include "net/lum_header.hpp"

#include <cstring>

#include "net/byte_io.hpp"

namespace lume::net {

namespace {

constexpr std::array<char, 4> depth_magic{'L', 'U', 'M', 'D'};
constexpr std::array<char, 4> audio_magic{'L', 'U', 'M', 'F'};
constexpr std::array<char, 4> motion_magic{'L', 'U', 'M', 'M'};

bool kind_of_magic(const std::uint8_t* p, lum_kind& kind) {
  for (lum_kind k : {lum_kind::depth, lum_kind::audio, lum_kind::motion}) {
    if (std::memcmp(p, lum_magic(k).data(), 4) == 0) {
      kind = k;
      return true;
    }
  }
  return false;
}

} // namespace

std::array<char, 4> lum_magic(lum_kind kind) {
  switch (kind) {
    case lum_kind::depth: return depth_magic;
    case lum_kind::audio: return audio_magic;
    case lum_kind::motion: return motion_magic;
  }
  return depth_magic;
}

lum_fragment_extent lum_fragment_extent_of(std::uint32_t frame_length, std::uint16_t count,
                                           std::uint16_t index) {
  const std::uint32_t base = frame_length / count;
  const std::uint32_t longer = frame_length % count;
  const std::uint32_t offset = index * base + (index < longer ? index : longer);
  return {offset, base + (index < longer ? 1u : 0u)};
}

std::uint16_t lum_fragment_count_for(std::size_t frame_length, std::size_t max_fragment_payload) {
  const std::size_t count
    = frame_length == 0 ? 1 : (frame_length + max_fragment_payload - 1) / max_fragment_payload;
  return count > 0xFFFF ? 0 : static_cast<std::uint16_t>(count);
}

void write_lum_header(const lum_header& header, std::uint8_t* out) {
  le_writer w{out, lum_header_size};
  w.bytes(lum_magic(header.kind).data(), 4);
  w.u8(lum_version);
  w.u8(header.stream_id);
  w.u16(header.payload_length);
  w.u32(header.sequence);
  w.u32(header.frame_length);
  w.i64(header.origin_time_us);
  w.u16(header.fragment_index);
  w.u16(header.fragment_count);
}

std::variant<lum_header, lum_refusal> parse_lum_header(const std::uint8_t* datagram,
                                                       std::size_t size) {
  if (size < lum_header_size)
    return lum_refusal::truncated;
  lum_header h;
  if (!kind_of_magic(datagram, h.kind))
    return lum_refusal::bad_magic;
  le_reader r{datagram + 4, lum_header_size - 4};
  if (r.u8() != lum_version)
    return lum_refusal::bad_version;
  h.stream_id = r.u8();
  h.payload_length = r.u16();
  h.sequence = r.u32();
  h.frame_length = r.u32();
  h.origin_time_us = r.i64();
  h.fragment_index = r.u16();
  h.fragment_count = r.u16();
  if (size < lum_header_size + h.payload_length)
    return lum_refusal::truncated;
  if (size > lum_header_size + h.payload_length)
    return lum_refusal::trailing_bytes;
  const std::uint32_t most_fragments = h.frame_length == 0 ? 1 : h.frame_length;
  if (h.fragment_count == 0 || h.fragment_count > most_fragments)
    return lum_refusal::bad_fragment_count;
  if (h.fragment_index >= h.fragment_count)
    return lum_refusal::bad_fragment_index;
  if (lum_fragment_extent_of(h.frame_length, h.fragment_count, h.fragment_index).length
      != h.payload_length)
    return lum_refusal::fragment_size_mismatch;
  return h;
}

} // namespace lume::net

#include "net/lum_fragmenter.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace lume::net {

lum_outgoing_frame::lum_outgoing_frame(const lum_header& header, const std::uint8_t* payload)
  : header_(header), payload_(payload) {}

std::size_t lum_outgoing_frame::datagram_size(std::uint16_t index) const {
  return lum_header_size
         + lum_fragment_extent_of(header_.frame_length, header_.fragment_count, index).length;
}

encode_result lum_outgoing_frame::write_fragment(std::uint16_t index, std::uint8_t* out,
                                                 std::size_t capacity) const {
  if (index >= header_.fragment_count)
    return encode_failed(encode_error::invalid_input);
  const auto extent = lum_fragment_extent_of(header_.frame_length, header_.fragment_count, index);
  const std::size_t size = lum_header_size + extent.length;
  if (capacity < size)
    return encode_failed(encode_error::buffer_too_small);
  lum_header h = header_;
  h.fragment_index = index;
  h.payload_length = static_cast<std::uint16_t>(extent.length);
  write_lum_header(h, out);
  if (extent.length > 0)
    std::memcpy(out + lum_header_size, payload_ + extent.offset, extent.length);
  return encoded(size);
}

lum_fragmenter::lum_fragmenter(lum_kind kind, std::uint8_t stream_id,
                               std::size_t max_datagram_size)
  : kind_(kind),
    stream_id_(stream_id),
    max_datagram_size_(std::clamp<std::size_t>(max_datagram_size, lum_header_size + 1,
                                               lum_largest_udp_payload)) {}

std::optional<lum_outgoing_frame>
lum_fragmenter::next_frame(const std::uint8_t* payload, std::size_t size,
                           std::int64_t origin_time_us) {
  if (size > std::numeric_limits<std::uint32_t>::max())
    return std::nullopt;
  const std::uint16_t count
    = lum_fragment_count_for(size, max_datagram_size_ - lum_header_size);
  if (count == 0)
    return std::nullopt;
  lum_header h;
  h.kind = kind_;
  h.stream_id = stream_id_;
  h.sequence = next_sequence_++;
  h.frame_length = static_cast<std::uint32_t>(size);
  h.origin_time_us = origin_time_us;
  h.fragment_count = count;
  return lum_outgoing_frame{h, payload};
}

} // namespace lume::net

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "net/encode_result.hpp"
#include "net/lum_header.hpp"

namespace lume::net {

/// One frame on its way out: its header fields and a view of its encoded
/// payload, which the caller keeps alive until every fragment is written.
class lum_outgoing_frame {
public:
  lum_outgoing_frame(const lum_header& header, const std::uint8_t* payload);

  std::uint16_t fragment_count() const { return header_.fragment_count; }
  std::uint32_t sequence() const { return header_.sequence; }

  /// Size of datagram `index` (header + its share of the payload).
  std::size_t datagram_size(std::uint16_t index) const;

  /// Writes datagram `index` into `out`. Fails with buffer_too_small if
  /// `capacity < datagram_size(index)`, invalid_input if index is out of range.
  encode_result write_fragment(std::uint16_t index, std::uint8_t* out,
                               std::size_t capacity) const;

private:
  lum_header header_;
  const std::uint8_t* payload_;
};

/// Numbers the frames of one LUM stream and splits each into datagrams of at
/// most `max_datagram_size` bytes with the even split of lum_fragment_extent_of.
class lum_fragmenter {
public:
  /// `max_datagram_size` is clamped to (lum_header_size, lum_largest_udp_payload].
  explicit lum_fragmenter(lum_kind kind, std::uint8_t stream_id = 0,
                          std::size_t max_datagram_size = lum_max_datagram_size);

  /// Starts the next frame of the stream (sequence numbers count up from 0).
  /// nullopt if the payload needs more than 65535 fragments or 4 GiB.
  std::optional<lum_outgoing_frame> next_frame(const std::uint8_t* payload, std::size_t size,
                                               std::int64_t origin_time_us);

  std::size_t max_datagram_size() const { return max_datagram_size_; }

private:
  lum_kind kind_;
  std::uint8_t stream_id_;
  std::size_t max_datagram_size_;
  std::uint32_t next_sequence_ = 0;
};

} // namespace lume::net

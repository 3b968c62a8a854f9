#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

/// The input format of the fuzz targets that take a stream of datagrams:
/// records `u16 LE length | length bytes`, end to end. A last record cut
/// short carries the bytes that remain. The seed generator writes the same.
namespace lume::fuzz {

struct datagram_view {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

inline std::vector<datagram_view> split_records(const std::uint8_t* data, std::size_t size) {
  std::vector<datagram_view> out;
  std::size_t pos = 0;
  while (pos + 2 <= size) {
    std::size_t length = data[pos] | (std::size_t{data[pos + 1]} << 8);
    pos += 2;
    if (length > size - pos)
      length = size - pos;
    out.push_back({data + pos, length});
    pos += length;
  }
  return out;
}

inline void append_record(std::vector<std::uint8_t>& out, const std::uint8_t* data,
                          std::size_t size) {
  out.push_back(static_cast<std::uint8_t>(size & 0xFF));
  out.push_back(static_cast<std::uint8_t>(size >> 8));
  out.insert(out.end(), data, data + size);
}

} // namespace lume::fuzz

#include "net/mocopi_chunks.hpp"

#include <cstring>

#include "net/byte_io.hpp"

namespace lume::net {

bool mocopi_chunk::is(const char (&name)[5]) const {
  return std::memcmp(tag, name, 4) == 0;
}

mocopi_chunk_reader::mocopi_chunk_reader(const std::uint8_t* data, std::size_t size)
  : data_(data), size_(size) {}

bool mocopi_chunk_reader::next(mocopi_chunk& out) {
  if (failure_ || pos_ == size_)
    return false;
  const std::size_t left = size_ - pos_;
  if (left < mocopi_chunk_header_size) {
    failure_ = mocopi_refusal::truncated_chunk_header;
    return false;
  }
  const std::uint32_t length = load_u32(data_ + pos_);
  if (length > left - mocopi_chunk_header_size) {
    failure_ = mocopi_refusal::chunk_overrun;
    return false;
  }
  std::memcpy(out.tag, data_ + pos_ + 4, 4);
  out.payload = data_ + pos_ + mocopi_chunk_header_size;
  out.size = length;
  pos_ += mocopi_chunk_header_size + length;
  return true;
}

mocopi_datagram_kind classify_mocopi_datagram(const std::uint8_t* data, std::size_t size) {
  mocopi_chunk_reader reader{data, size};
  mocopi_chunk chunk;
  bool skeleton = false;
  bool frame = false;
  while (reader.next(chunk)) {
    skeleton = skeleton || chunk.is("skdf");
    frame = frame || chunk.is("fram");
  }
  if (reader.failure())
    return mocopi_datagram_kind::unwalkable;
  if (skeleton && frame)
    return mocopi_datagram_kind::both;
  if (skeleton)
    return mocopi_datagram_kind::skeleton;
  return frame ? mocopi_datagram_kind::frame : mocopi_datagram_kind::neither;
}

} // namespace lume::net

#include "net/lum_depth_payload.hpp"

#include "net/byte_io.hpp"

namespace lume::net {

std::size_t depth_payload_size(std::uint16_t width, std::uint16_t height) {
  return depth_payload_header_size + 2u * width * height;
}

encode_result encode_depth_payload(const depth_payload& image, std::uint8_t* out,
                                   std::size_t capacity) {
  const std::size_t pixels = std::size_t{image.width} * image.height;
  if (pixels == 0 || image.depth_mm.size() != pixels)
    return encode_failed(encode_error::invalid_input);
  const std::size_t size = depth_payload_size(image.width, image.height);
  if (capacity < size)
    return encode_failed(encode_error::buffer_too_small);
  store_u16(out, image.width);
  store_u16(out + 2, image.height);
  std::uint8_t* p = out + depth_payload_header_size;
  for (std::uint16_t v : image.depth_mm) {
    store_u16(p, v);
    p += 2;
  }
  return encoded(size);
}

payload_status decode_depth_payload(const std::uint8_t* payload, std::size_t size,
                                    depth_payload& out) {
  if (size < depth_payload_header_size)
    return payload_status::truncated;
  const std::uint16_t width = load_u16(payload);
  const std::uint16_t height = load_u16(payload + 2);
  if (width == 0 || height == 0)
    return payload_status::bad_dimensions;
  const std::size_t expected = depth_payload_size(width, height);
  if (size < expected)
    return payload_status::truncated;
  if (size > expected)
    return payload_status::trailing_bytes;
  out.width = width;
  out.height = height;
  out.depth_mm.resize(std::size_t{width} * height);
  const std::uint8_t* p = payload + depth_payload_header_size;
  for (auto& v : out.depth_mm) {
    v = load_u16(p);
    p += 2;
  }
  return payload_status::ok;
}

} // namespace lume::net

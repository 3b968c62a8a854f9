#pragma once

#include <cstddef>
#include <cstdint>

namespace lume::net {

/// Why an encoder wrote nothing.
enum class encode_error : std::uint8_t {
  none,             ///< encoded; `size` bytes written
  buffer_too_small, ///< the caller's buffer cannot hold the encoding
  invalid_input,    ///< the value cannot be represented on the wire
};

/// Result of every encoder of lume_net: bytes written, or why none were.
struct encode_result {
  std::size_t size = 0;
  encode_error error = encode_error::none;

  explicit operator bool() const { return error == encode_error::none; }
};

inline encode_result encoded(std::size_t size) { return {size, encode_error::none}; }
inline encode_result encode_failed(encode_error error) { return {0, error}; }

} // namespace lume::net

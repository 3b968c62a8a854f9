#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "net/encode_result.hpp"
#include "net/lum_payload_status.hpp"

/// LUMD payload: one depth image.
///
///   0 width u16 | 2 height u16 | 4 width × height depth u16 (row-major, mm, 0 = no reading)
namespace lume::net {

inline constexpr std::size_t depth_payload_header_size = 4;

/// A depth image in millimetres, row-major; 0 means no reading.
struct depth_payload {
  std::uint16_t width = 0;
  std::uint16_t height = 0;
  std::vector<std::uint16_t> depth_mm; ///< width × height values
};

/// Encoded size of a width × height image.
std::size_t depth_payload_size(std::uint16_t width, std::uint16_t height);

/// Fails with invalid_input if `depth_mm` does not hold width × height values
/// or a dimension is zero.
encode_result encode_depth_payload(const depth_payload& image, std::uint8_t* out,
                                   std::size_t capacity);

/// Decodes into `out`, reusing its storage.
payload_status decode_depth_payload(const std::uint8_t* payload, std::size_t size,
                                    depth_payload& out);

} // namespace lume::net

#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

/// PNG files to and from 8-bit pixels through libpng's simplified API.
namespace lume::net {

/// 8-bit pixels, row-major, `channels` per pixel (1 gray, 3 RGB).
struct pixel_image {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t channels = 0;
  std::vector<std::uint8_t> pixels;
};

/// The PNG file of `image` (gray or RGB), or an error.
std::variant<std::vector<std::uint8_t>, std::string> encode_png(const pixel_image& image);

/// Why a PNG file was refused.
struct png_refusal {
  /// The header is fine but the image is over the size limit.
  bool too_large = false;
  std::string detail;
};

/// Decodes a PNG file to RGB. Refuses (with a reason) bytes that are no
/// PNG, a damaged file, and an image wider or higher than `max_side`
/// (checked from the header, before any pixel is allocated).
std::variant<pixel_image, png_refusal> decode_png(const std::uint8_t* data, std::size_t size,
                                                  std::uint32_t max_side);

} // namespace lume::net

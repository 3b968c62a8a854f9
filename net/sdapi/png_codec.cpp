#include "net/sdapi/png_codec.hpp"

#include <png.h>

namespace lume::net {

std::variant<std::vector<std::uint8_t>, std::string> encode_png(const pixel_image& image) {
  if (image.channels != 1 && image.channels != 3)
    return std::string{"only gray and RGB images are encoded"};
  if (image.pixels.size() != std::size_t{image.width} * image.height * image.channels
      || image.width == 0 || image.height == 0)
    return std::string{"pixel count does not match the size"};
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  png.width = image.width;
  png.height = image.height;
  png.format = image.channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&png, nullptr, &size, 0, image.pixels.data(), 0, nullptr))
    return std::string{png.message};
  std::vector<std::uint8_t> result(size);
  if (!png_image_write_to_memory(&png, result.data(), &size, 0, image.pixels.data(), 0, nullptr))
    return std::string{png.message};
  result.resize(size);
  return result;
}

std::variant<pixel_image, png_refusal> decode_png(const std::uint8_t* data, std::size_t size,
                                                  std::uint32_t max_side) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&png, data, size))
    return png_refusal{false, std::string{"not a PNG: "} + png.message};
  if (png.width > max_side || png.height > max_side) {
    png_image_free(&png);
    return png_refusal{true, "image " + std::to_string(png.width) + "×" + std::to_string(png.height)
                               + " is larger than " + std::to_string(max_side) + " per side"};
  }
  png.format = PNG_FORMAT_RGB;
  pixel_image result;
  result.width = png.width;
  result.height = png.height;
  result.channels = 3;
  result.pixels.resize(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, nullptr, result.pixels.data(), 0, nullptr))
    return png_refusal{false, std::string{"damaged PNG: "} + png.message};
  return result;
}

} // namespace lume::net

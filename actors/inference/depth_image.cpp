#include "actors/inference/depth_image.hpp"

#include <algorithm>

namespace lume {

net::pixel_image render_depth(const depth_frame& frame, const depth_rendering& how) {
  net::pixel_image result;
  const std::uint32_t w = frame.width;
  const std::uint32_t h = frame.height;
  if (w == 0 || h == 0 || frame.depth_mm.size() != std::size_t{w} * h)
    return result;
  std::uint32_t factor = 1;
  while (std::max(w, h) / factor > how.max_side)
    ++factor;
  result.width = w / factor;
  result.height = h / factor;
  result.channels = 1;
  result.pixels.resize(std::size_t{result.width} * result.height);
  const double span = std::max(1, how.far_mm - how.near_mm);
  auto shade = [&](std::uint16_t mm) -> double {
    if (mm == 0 || mm >= how.far_mm)
      return 0;
    if (mm <= how.near_mm)
      return 255;
    return 255.0 * (how.far_mm - mm) / span;
  };
  for (std::uint32_t y = 0; y < result.height; ++y)
    for (std::uint32_t x = 0; x < result.width; ++x) {
      double sum = 0;
      for (std::uint32_t dy = 0; dy < factor; ++dy) {
        auto row = &frame.depth_mm[std::size_t{y * factor + dy} * w + x * factor];
        for (std::uint32_t dx = 0; dx < factor; ++dx)
          sum += shade(row[dx]);
      }
      result.pixels[std::size_t{y} * result.width + x]
        = static_cast<std::uint8_t>(sum / (factor * factor) + 0.5);
    }
  return result;
}

} // namespace lume

#pragma once

#include <cstdint>

#include "net/sdapi/png_codec.hpp"
#include "system/messages/messages.hpp"

namespace lume {

/// How depth becomes a picture: `near_mm` white, `far_mm` black, linear in
/// between; no reading (0) and beyond `far_mm` black. The image is shrunk by
/// a whole factor (each output pixel the mean of a block of readings) until
/// its longer side is at most `max_side`.
struct depth_rendering {
  std::uint16_t near_mm = 500;
  std::uint16_t far_mm = 4500;
  std::uint32_t max_side = 256;
};

/// The 8-bit gray image of `frame`; empty (0 × 0) when the frame's size
/// does not match its data.
net::pixel_image render_depth(const depth_frame& frame, const depth_rendering& how);

} // namespace lume

#pragma once

#include "actors/sensors/lum_input.hpp"
#include "net/lum_depth_payload.hpp"
#include "system/messages/messages.hpp"

namespace lume {

/// LUMD: depth images into `depth_frame` messages.
struct lumd_stream {
  using payload = net::depth_payload;
  using message = depth_frame;
  static constexpr net::lum_kind kind = net::lum_kind::depth;

  static net::payload_status decode(const std::uint8_t* data, std::size_t size, payload& out) {
    return net::decode_depth_payload(data, size, out);
  }

  static void take(payload& image, message& msg) {
    msg.width = image.width;
    msg.height = image.height;
    msg.depth_mm = std::move(image.depth_mm);
  }
};

/// Reassembles LUMD datagrams into `depth_frame`s, republished as LUMD.
using depth_input = lum_input<lumd_stream>;

extern template class lum_input<lumd_stream>;

} // namespace lume

#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "actors/sim/datagram_sink.hpp"
#include "net/lum_fragmenter.hpp"

namespace lume::sim {

/// Numbers the frames of one LUM stream and sends each as MTU-sized
/// fragments (net/lum_fragmenter.hpp, at most 1472 bytes per datagram).
class lum_frame_sender {
public:
  explicit lum_frame_sender(net::lum_kind kind, std::uint8_t stream_id = 0);

  /// Sends `payload` as the next frame; false if it is too large for the
  /// LUM header (over 65535 fragments).
  bool send(const std::uint8_t* payload, std::size_t size, std::int64_t origin_time_us,
            datagram_sink& out);

private:
  net::lum_fragmenter fragmenter_;
  std::vector<std::uint8_t> datagram_;
};

} // namespace lume::sim

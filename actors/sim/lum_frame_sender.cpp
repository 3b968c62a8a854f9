#include "actors/sim/lum_frame_sender.hpp"

namespace lume::sim {

lum_frame_sender::lum_frame_sender(net::lum_kind kind, std::uint8_t stream_id)
  : fragmenter_(kind, stream_id), datagram_(fragmenter_.max_datagram_size()) {}

bool lum_frame_sender::send(const std::uint8_t* payload, std::size_t size,
                            std::int64_t origin_time_us, datagram_sink& out) {
  const auto frame = fragmenter_.next_frame(payload, size, origin_time_us);
  if (!frame)
    return false;
  for (std::uint16_t i = 0; i < frame->fragment_count(); ++i) {
    const auto r = frame->write_fragment(i, datagram_.data(), datagram_.size());
    if (!r)
      return false;
    out.send(datagram_.data(), r.size);
  }
  return true;
}

} // namespace lume::sim

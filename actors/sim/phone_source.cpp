#include "actors/sim/phone_source.hpp"

#include <algorithm>

namespace lume::sim {

phone_source::phone_source(unsigned rate_hz) : rate_hz_(std::max(rate_hz, 1u)) {}

void phone_source::emit(std::uint64_t n, const capture_clock&, datagram_sink& out) {
  const auto motion = model_.sample(static_cast<double>(n) / rate_hz_);
  if (const auto r = net::encode_phone_motion(motion, addresses_, buffer_.data(), buffer_.size()))
    out.send(buffer_.data(), r.size);
}

} // namespace lume::sim

#include "actors/sensors/lum_republisher.hpp"

namespace lume {

lum_republisher::lum_republisher(net::lum_kind kind, net::udp_sender socket)
  : fragmenter_(kind), socket_(std::move(socket)), datagram_(net::lum_max_datagram_size) {}

std::variant<std::unique_ptr<lum_republisher>, std::string>
lum_republisher::open(net::lum_kind kind, const std::string& endpoint) {
  auto socket = net::udp_sender::open(endpoint);
  if (auto err = std::get_if<std::string>(&socket))
    return *err;
  return std::unique_ptr<lum_republisher>{
    new lum_republisher{kind, std::move(std::get<net::udp_sender>(socket))}};
}

void lum_republisher::send(const std::uint8_t* payload, std::size_t size, std::int64_t origin_us) {
  auto frame = fragmenter_.next_frame(payload, size, origin_us);
  if (!frame) {
    send_errors_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  frames_.fetch_add(1, std::memory_order_relaxed);
  for (std::uint16_t i = 0; i < frame->fragment_count(); ++i) {
    auto written = frame->write_fragment(i, datagram_.data(), datagram_.size());
    if (written && socket_.send(datagram_.data(), written.size))
      datagrams_.fetch_add(1, std::memory_order_relaxed);
    else
      send_errors_.fetch_add(1, std::memory_order_relaxed);
  }
}

boost::json::object lum_republisher::state() const {
  return {{"target", socket_.endpoint()},
          {"frames", frames_.load(std::memory_order_relaxed)},
          {"datagrams", datagrams_.load(std::memory_order_relaxed)},
          {"send_errors", send_errors_.load(std::memory_order_relaxed)}};
}

} // namespace lume

#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>

#include "net/lum_fragmenter.hpp"
#include "net/udp_sender.hpp"

namespace lume {

/// Sends decoded frames on as a LUM stream (LUMM, LUMD, LUMF) to one
/// `host:port`, for consumers outside LUME (Unity): MTU-sized fragments
/// with the frame's origin time, numbered by this stream. Never blocks; a
/// datagram the kernel refuses is counted. One thread sends.
class lum_republisher {
public:
  static std::variant<std::unique_ptr<lum_republisher>, std::string>
  open(net::lum_kind kind, const std::string& endpoint);

  /// Sends `payload` as the next frame.
  void send(const std::uint8_t* payload, std::size_t size, std::int64_t origin_us);

  /// `{"target", "frames", "datagrams", "send_errors"}`.
  boost::json::object state() const;

private:
  lum_republisher(net::lum_kind kind, net::udp_sender socket);

  net::lum_fragmenter fragmenter_;
  net::udp_sender socket_;
  std::vector<std::uint8_t> datagram_;
  std::atomic<std::uint64_t> frames_{0};
  std::atomic<std::uint64_t> datagrams_{0};
  std::atomic<std::uint64_t> send_errors_{0};
};

} // namespace lume

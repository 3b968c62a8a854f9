#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include <netinet/in.h>

namespace lume::net {

/// A connected, non-blocking UDP socket for sending datagrams to one
/// `host:port` (IPv4). Movable, not copyable; closes on destruction.
class udp_sender {
public:
  udp_sender() = default;
  udp_sender(udp_sender&& other) noexcept;
  udp_sender& operator=(udp_sender&& other) noexcept;
  udp_sender(const udp_sender&) = delete;
  udp_sender& operator=(const udp_sender&) = delete;
  ~udp_sender();

  /// Opens a socket towards `endpoint` ("host:port"); an error text otherwise.
  static std::variant<udp_sender, std::string> open(const std::string& endpoint);

  /// Sends one datagram; false if the kernel refused it (never blocks).
  bool send(const void* data, size_t size);

  /// errno of the last refused send (0: none yet).
  int last_error() const {
    return error_;
  }

  const std::string& endpoint() const {
    return endpoint_;
  }

private:
  int fd_ = -1;
  int error_ = 0;
  std::string endpoint_;
};

} // namespace lume::net

#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

/// Test support: a UDP socket on 127.0.0.1 and a reader of the mapper's OSC.
namespace lume::test {

/// A UDP socket bound to 127.0.0.1 on a free port.
class udp_listener {
public:
  udp_listener();
  ~udp_listener();
  udp_listener(const udp_listener&) = delete;
  udp_listener& operator=(const udp_listener&) = delete;

  std::uint16_t port() const { return port_; }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }

  /// The next datagram, waiting at most `timeout`.
  std::optional<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout);

private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

/// The `/lume/param/<name> f` values of one OSC bundle or message, by name;
/// empty if the datagram is not such OSC.
std::map<std::string, float> osc_params(const std::vector<std::uint8_t>& datagram);

/// Sends one datagram to 127.0.0.1:`port`.
void send_to_localhost(std::uint16_t port, const std::uint8_t* data, std::size_t size);

} // namespace lume::test

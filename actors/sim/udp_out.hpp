#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "actors/sim/datagram_sink.hpp"
#include "actors/sim/endpoint.hpp"

namespace lume::sim {

/// A UDP socket connected to one IPv4 endpoint, counting what it sent.
///
/// Sends block for at most 100 ms when the socket buffer is full, so a burst
/// (a depth frame is 511 datagrams) is paced by the network instead of being
/// dropped by the sender; a datagram still unsent after that is a failure.
/// A refused datagram (no receiver: ICMP port unreachable) counts as a
/// failure too and never stops the stream. Movable, not copyable.
class udp_out : public datagram_sink {
public:
  /// Opens a socket towards `to`; an error text otherwise.
  static std::variant<udp_out, std::string> open(const endpoint& to);

  udp_out(udp_out&& other) noexcept;
  udp_out& operator=(udp_out&& other) noexcept;
  udp_out(const udp_out&) = delete;
  udp_out& operator=(const udp_out&) = delete;
  ~udp_out() override;

  void send(const std::uint8_t* data, std::size_t size) override;

  std::uint64_t datagrams() const { return datagrams_; }         ///< sent
  std::uint64_t bytes() const { return bytes_; }                 ///< sent, UDP payload
  std::uint64_t send_failures() const { return send_failures_; } ///< datagrams not sent

private:
  udp_out() = default;

  int fd_ = -1;
  std::uint64_t datagrams_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t send_failures_ = 0;
};

} // namespace lume::sim

#pragma once

#include <cstddef>
#include <cstdint>

namespace lume::sim {

/// Where generated datagrams go: a UDP socket (udp_out) or, in tests, memory.
class datagram_sink {
public:
  virtual ~datagram_sink() = default;

  /// Takes one datagram; `data` is only valid during the call.
  virtual void send(const std::uint8_t* data, std::size_t size) = 0;
};

} // namespace lume::sim

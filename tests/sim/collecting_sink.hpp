#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "actors/sim/datagram_sink.hpp"

namespace lume::sim::test {

/// Keeps every datagram it is sent, in order.
class collecting_sink : public datagram_sink {
public:
  void send(const std::uint8_t* data, std::size_t size) override {
    datagrams.emplace_back(data, data + size);
  }

  std::vector<std::vector<std::uint8_t>> datagrams;
};

} // namespace lume::sim::test

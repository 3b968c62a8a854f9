#pragma once

#include <cstddef>
#include <cstdint>

#include <boost/json/object.hpp>

namespace lume {

/// The decoding half of a sensor, run on its source's thread: turns each
/// datagram into messages for the subscribers and counts what it refused.
class sensor_input {
public:
  virtual ~sensor_input() = default;

  /// Decodes one datagram received at host time `received_us` and publishes
  /// what it completes. Called by one thread at a time.
  virtual void on_datagram(const std::uint8_t* data, std::size_t size,
                           std::int64_t received_us) = 0;

  /// Decoder counters and subscribers as JSON; callable from any thread.
  virtual boost::json::object state() const = 0;
};

} // namespace lume

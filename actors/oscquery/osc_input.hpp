#pragma once

#include <map>
#include <mutex>
#include <string>

#include <caf/actor_addr.hpp>

#include "actors/sensors/sensor_input.hpp"

namespace lume {

/// OSCQuery's OSC_PORT on the receive thread: each datagram must be one
/// OSC message of one number or string (net/osc_message.hpp); it goes to
/// the oscquery actor as `(apply, path, tag, number, text)`. What cannot be
/// decoded is counted by reason here; the actor judges the write itself.
class osc_input : public sensor_input {
public:
  explicit osc_input(caf::actor_addr owner);

  void on_datagram(const std::uint8_t* data, std::size_t size, std::int64_t received_us) override;

  /// `{"messages": N, "refused": {reason: N}}`.
  boost::json::object state() const override;

private:
  caf::actor_addr owner_;
  mutable std::mutex mutex_;
  std::uint64_t messages_ = 0;
  std::map<std::string, std::uint64_t> refused_;
};

} // namespace lume

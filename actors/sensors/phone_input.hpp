#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "actors/sensors/sensor_input.hpp"
#include "actors/sensors/sensor_output.hpp"
#include "net/phone_motion_osc_decoder.hpp"
#include "system/messages/messages.hpp"

namespace lume {

/// Decodes phone sensor OSC (net/phone_motion_osc_decoder, configurable
/// routes) into `phone_motion` messages. A datagram rarely carries every
/// field: each message holds the newest value of each field seen so far.
/// The origin is the receive time.
class phone_input : public sensor_input {
public:
  phone_input(sensor_output out, std::vector<net::phone_osc_route> routes);

  void on_datagram(const std::uint8_t* data, std::size_t size, std::int64_t received_us) override;

  boost::json::object state() const override;

private:
  mutable std::mutex mtx_;
  sensor_output out_;
  net::phone_motion_decoder decoder_;
  phone_motion held_;
  std::uint64_t published_ = 0;
};

} // namespace lume

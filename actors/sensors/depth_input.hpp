#pragma once

#include <cstdint>
#include <mutex>

#include "actors/sensors/counters_json.hpp"
#include "actors/sensors/sensor_input.hpp"
#include "actors/sensors/sensor_output.hpp"
#include "net/lum_depth_payload.hpp"
#include "net/lum_reassembler.hpp"

namespace lume {

/// Reassembles LUMD datagrams (net/lum_reassembler) and decodes each
/// complete frame into a `depth_frame` whose origin is the sender's capture
/// time. Republishes the frame's payload as LUMD.
class depth_input : public sensor_input {
public:
  depth_input(sensor_output out, net::lum_reassembly_limits limits);

  void on_datagram(const std::uint8_t* data, std::size_t size, std::int64_t received_us) override;

  boost::json::object state() const override;

private:
  mutable std::mutex mtx_;
  sensor_output out_;
  net::lum_reassembler reassembler_;
  net::depth_payload image_;
  payload_refusals payload_refused_{};
  std::uint64_t published_ = 0;
};

} // namespace lume

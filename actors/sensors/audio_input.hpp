#pragma once

#include <cstdint>
#include <mutex>

#include "actors/sensors/counters_json.hpp"
#include "actors/sensors/sensor_input.hpp"
#include "actors/sensors/sensor_output.hpp"
#include "net/lum_audio_payload.hpp"
#include "net/lum_reassembler.hpp"
#include "system/messages/messages.hpp"

namespace lume {

/// Audio into `audio_block` messages, from either source of the audio
/// sensor: LUMF datagrams (reassembled and decoded, origin = the sender's
/// capture time; the sender's features are not forwarded) or capture
/// blocks of an ALSA device (origin = capture time of the first frame).
/// Republishes as LUMF.
class audio_input : public sensor_input {
public:
  audio_input(sensor_output out, net::lum_reassembly_limits limits);

  void on_datagram(const std::uint8_t* data, std::size_t size, std::int64_t received_us) override;

  /// Publishes one captured block of `frames` interleaved frames, read at
  /// host time `read_us`.
  void on_block(const float* interleaved, std::size_t frames, std::uint16_t channels,
                std::uint32_t sample_rate, std::int64_t origin_us, std::int64_t read_us);

  boost::json::object state() const override;

private:
  void publish(audio_block msg, std::int64_t received_us);

  mutable std::mutex mtx_;
  sensor_output out_;
  net::lum_reassembler reassembler_;
  net::audio_payload block_;
  payload_refusals payload_refused_{};
  std::uint64_t published_ = 0;
  std::uint32_t sequence_ = 0;
  std::vector<std::uint8_t> lumf_;
};

} // namespace lume

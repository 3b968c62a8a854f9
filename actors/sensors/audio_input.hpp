#pragma once

#include <cstdint>
#include <vector>

#include "actors/sensors/lum_input.hpp"
#include "net/lum_audio_payload.hpp"
#include "system/messages/messages.hpp"

namespace lume {

/// LUMF: audio blocks into `audio_block` messages (the sender's features
/// are not forwarded).
struct lumf_stream {
  using payload = net::audio_payload;
  using message = audio_block;
  static constexpr net::lum_kind kind = net::lum_kind::audio;

  static net::payload_status decode(const std::uint8_t* data, std::size_t size, payload& out) {
    return net::decode_audio_payload(data, size, out);
  }

  static void take(payload& block, message& msg) {
    msg.sample_rate = block.sample_rate;
    msg.channels = block.channels;
    msg.samples = std::move(block.samples);
  }
};

extern template class lum_input<lumf_stream>;

/// Audio into `audio_block` messages, from either source of the audio
/// sensor: LUMF datagrams (origin = the sender's capture time) or capture
/// blocks of an ALSA device (origin = capture time of the first frame).
/// Republishes as LUMF.
class audio_input : public lum_input<lumf_stream> {
public:
  using lum_input::lum_input;

  /// Publishes one captured block of `frames` interleaved frames, read at
  /// host time `read_us`.
  void on_block(const float* interleaved, std::size_t frames, std::uint16_t channels,
                std::uint32_t sample_rate, std::int64_t origin_us, std::int64_t read_us);

private:
  std::uint32_t sequence_ = 0;
  std::vector<std::uint8_t> lumf_;
};

} // namespace lume

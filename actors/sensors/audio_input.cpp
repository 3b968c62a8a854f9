#include "actors/sensors/audio_input.hpp"

namespace lume {

template class lum_input<lumf_stream>;

void audio_input::on_block(const float* interleaved, std::size_t frames, std::uint16_t channels,
                           std::uint32_t sample_rate, std::int64_t origin_us,
                           std::int64_t read_us) {
  std::lock_guard<std::mutex> guard{mtx_};
  audio_block msg;
  msg.source = out_.name;
  msg.sequence = sequence_++;
  msg.origin_us = origin_us;
  msg.sample_rate = sample_rate;
  msg.channels = channels;
  msg.samples.assign(interleaved, interleaved + frames * channels);
  publish(std::move(msg), read_us);
  if (!out_.republish)
    return;
  payload_.sample_rate = sample_rate;
  payload_.channels = channels;
  payload_.frames = static_cast<std::uint16_t>(frames);
  payload_.samples.assign(interleaved, interleaved + frames * channels);
  payload_.features.clear();
  lumf_.resize(net::audio_payload_size(payload_));
  if (auto written = net::encode_audio_payload(payload_, lumf_.data(), lumf_.size()))
    out_.republish->send(lumf_.data(), written.size, origin_us);
}

} // namespace lume

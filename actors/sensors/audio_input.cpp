#include "actors/sensors/audio_input.hpp"

#include <boost/json.hpp>
#include <caf/make_message.hpp>

#include "actors/sensing/hop_set.hpp"
#include "system/messages/messages.hpp"

namespace lume {

audio_input::audio_input(sensor_output out, net::lum_reassembly_limits limits)
  : out_(std::move(out)), reassembler_(net::lum_kind::audio, limits) {}

void audio_input::on_datagram(const std::uint8_t* data, std::size_t size,
                              std::int64_t received_us) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto pushed = reassembler_.push(data, size);
  if (pushed.outcome != net::lum_push_outcome::completed)
    return;
  auto& frame = pushed.frame;
  auto status = net::decode_audio_payload(frame.payload, frame.size, block_);
  if (status != net::payload_status::ok) {
    ++payload_refused_[static_cast<std::size_t>(status)];
    return;
  }
  audio_block msg;
  msg.source = out_.name;
  msg.sequence = frame.sequence;
  msg.origin_us = frame.origin_time_us;
  msg.sample_rate = block_.sample_rate;
  msg.channels = block_.channels;
  msg.samples = std::move(block_.samples);
  publish(std::move(msg), received_us);
  if (out_.republish)
    out_.republish->send(frame.payload, frame.size, frame.origin_time_us);
}

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
  block_.sample_rate = sample_rate;
  block_.channels = channels;
  block_.frames = static_cast<std::uint16_t>(frames);
  block_.samples.assign(interleaved, interleaved + frames * channels);
  block_.features.clear();
  lumf_.resize(net::audio_payload_size(block_));
  if (auto written = net::encode_audio_payload(block_, lumf_.data(), lumf_.size()))
    out_.republish->send(lumf_.data(), written.size, origin_us);
}

void audio_input::publish(audio_block msg, std::int64_t received_us) {
  const auto origin_us = msg.origin_us;
  out_.subscribers.publish(caf::make_message(std::move(msg)));
  out_.record(received_us, origin_us, host_now_us());
  ++published_;
}

boost::json::object audio_input::state() const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto result = out_.state();
  auto decoder = to_json(reassembler_.counters());
  decoder["payload_refused"] = to_json(payload_refused_);
  result["decoder"] = std::move(decoder);
  result["published"] = published_;
  return result;
}

} // namespace lume

#include "actors/sim/audio_source.hpp"

#include <algorithm>

namespace lume::sim {

audio_source::audio_source(const audio_scene_config& scene, std::uint16_t block)
  : scene_(scene), block_(std::clamp<std::uint16_t>(block, 1, max_block)),
    sender_(net::lum_kind::audio) {
  payload_.sample_rate = scene_.config().sample_rate_hz;
  payload_.channels = scene_.config().channels;
  payload_.frames = block_;
  payload_.samples.resize(std::size_t{block_} * payload_.channels);
  payload_.features = {{"sim_azimuth_deg", 0.f}};
  encoded_.resize(net::audio_payload_size(payload_));
}

void audio_source::emit(std::uint64_t n, const capture_clock& now, datagram_sink& out) {
  const std::uint64_t first_sample = n * block_;
  scene_.render(first_sample, block_, payload_.samples.data());
  payload_.features[0].value = scene_.azimuth_deg(first_sample);
  const std::int64_t block_us = std::int64_t{block_} * 1'000'000 / payload_.sample_rate;
  if (const auto r = net::encode_audio_payload(payload_, encoded_.data(), encoded_.size()))
    sender_.send(encoded_.data(), r.size, now.monotonic_raw_us - block_us, out);
}

} // namespace lume::sim

#pragma once

#include <cstdint>
#include <vector>

#include "actors/sim/audio_scene.hpp"
#include "actors/sim/lum_frame_sender.hpp"
#include "actors/sim/stream_source.hpp"
#include "net/lum_audio_payload.hpp"

namespace lume::sim {

/// LUMF stream of audio_scene blocks: one block of `block` frames per tick
/// (a tick lasts block / rate seconds). Each block carries one feature,
/// `sim_azimuth_deg`: the true source azimuth of the block (degrees), for
/// checking a receiver's DOA. Origin time = the capture time of the block's
/// first sample: the clock at sending minus the block duration.
class audio_source : public stream_source {
public:
  /// Largest block accepted, frames.
  static constexpr std::uint16_t max_block = 8192;

  /// `block` is clamped to [1, max_block].
  audio_source(const audio_scene_config& scene, std::uint16_t block);

  tick_rate rate() const override { return {scene_.config().sample_rate_hz, block_}; }

  void emit(std::uint64_t n, const capture_clock& now, datagram_sink& out) override;

private:
  audio_scene scene_;
  std::uint16_t block_;
  net::audio_payload payload_;
  std::vector<std::uint8_t> encoded_;
  lum_frame_sender sender_;
};

} // namespace lume::sim

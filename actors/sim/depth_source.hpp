#pragma once

#include <cstdint>
#include <vector>

#include "actors/sim/depth_scene.hpp"
#include "actors/sim/lum_frame_sender.hpp"
#include "actors/sim/stream_source.hpp"
#include "net/lum_depth_payload.hpp"

namespace lume::sim {

/// LUMD stream of depth_scene frames: one 737 284-byte frame (511 datagrams
/// at 640×576) per tick, origin time = the clock at rendering.
class depth_source : public stream_source {
public:
  /// `fps` ≥ 1.
  explicit depth_source(unsigned fps = 30, const depth_scene_config& scene = {});

  tick_rate rate() const override { return {fps_, 1}; }

  void emit(std::uint64_t n, const capture_clock& now, datagram_sink& out) override;

private:
  unsigned fps_;
  depth_scene scene_;
  net::depth_payload image_;
  std::vector<std::uint8_t> payload_;
  lum_frame_sender sender_;
};

} // namespace lume::sim

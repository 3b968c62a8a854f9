#pragma once

#include <array>
#include <cstdint>

#include "actors/sim/phone_motion_model.hpp"
#include "actors/sim/stream_source.hpp"
#include "net/phone_motion_osc_encoder.hpp"

namespace lume::sim {

/// OSC stream of phone_motion_model: one bundle per tick with
/// `/lume-sim/accel` fff (g), `/lume-sim/gyro` fff (rad/s) and
/// `/lume-sim/quaternion` ffff (x y z w), the ZIG SIM layout the default
/// decoder routes (`/*/accel`, `/*/gyro`, `/*/quaternion`).
class phone_source : public stream_source {
public:
  /// `rate_hz` ≥ 1.
  explicit phone_source(unsigned rate_hz = 100);

  tick_rate rate() const override { return {rate_hz_, 1}; }

  void emit(std::uint64_t n, const capture_clock& now, datagram_sink& out) override;

private:
  unsigned rate_hz_;
  phone_motion_model model_;
  net::phone_osc_addresses addresses_;
  std::array<std::uint8_t, 512> buffer_{};
};

} // namespace lume::sim

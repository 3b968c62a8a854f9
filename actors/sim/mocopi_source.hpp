#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "actors/sim/dancer.hpp"
#include "actors/sim/stream_source.hpp"
#include "net/mocopi_types.hpp"

namespace lume::sim {

/// The mocopi app's UDP stream of the dancer: a skeleton (`skdf`, 1821 bytes)
/// first and again every 3.5 s, and a frame (`fram`, 1605 bytes, with `uttm`
/// and `tmcd`) at every tick. Frame number = tick, `time` = tick / fps,
/// `uttm` = Unix time at sending, `tmcd` all zero (no timecode source);
/// `sndf` carries an all-zero `ipad` and the receiver's port.
class mocopi_source : public stream_source {
public:
  /// Seconds between two skeleton datagrams.
  static constexpr double skeleton_interval_s = 3.5;

  /// `fps` ≥ 1; `receiver_port` goes into `sndf`'s `rcvp`.
  explicit mocopi_source(unsigned fps = 50, std::uint16_t receiver_port = net::mocopi_port);

  tick_rate rate() const override { return {fps_, 1}; }

  void emit(std::uint64_t n, const capture_clock& now, datagram_sink& out) override;

private:
  void fill_frame(std::uint64_t n, const capture_clock& now);

  dancer dancer_;
  unsigned fps_;
  net::mocopi_skeleton skeleton_;
  net::mocopi_frame frame_;
  std::vector<std::uint8_t> buffer_;
  std::optional<std::uint64_t> last_skeleton_slot_;
};

} // namespace lume::sim

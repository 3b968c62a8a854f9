#pragma once

#include <cstdint>
#include <optional>

namespace lume {

/// Maps a sender's own timestamps (mocopi's `time`, seconds since its
/// stream start) onto the host clock. The offset host − sender is the
/// smallest seen (the least-delayed datagram), allowed to creep up by
/// `drift_ppm` of elapsed time so it follows the two clocks' drift. The
/// result is the capture time as the host clock would have read it, free of
/// the network's jitter, and never after the receive time.
class sender_timeline {
public:
  explicit sender_timeline(double drift_ppm = 100) : drift_ppm_(drift_ppm) {}

  /// Host time (µs) of sender time `sender_us`, received at `received_us`.
  std::int64_t to_host(std::int64_t sender_us, std::int64_t received_us);

  /// Forgets the offset (the sender restarted its clock).
  void reset() { offset_us_.reset(); }

private:
  double drift_ppm_;
  std::optional<double> offset_us_;
  std::int64_t last_received_us_ = 0;
};

} // namespace lume

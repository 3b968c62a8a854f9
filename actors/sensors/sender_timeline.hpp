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
///
/// A sender's clock can step (an app paused or backgrounded while its time
/// froze, or restarted it): a step down shows as a datagram more than
/// `step_us` below the offset and is taken at once; a step up as datagrams
/// that all stay more than `step_us` above it, and once they did for
/// `settle_us` (at least `settle_samples` of them) the offset re-anchors on
/// the least delayed of them. Both count as re-anchors.
class sender_timeline {
public:
  struct settings {
    double drift_ppm = 100;
    /// A change of the offset this large (µs) is a step of the sender's clock, not jitter.
    std::int64_t step_us = 100'000;
    /// How long datagrams must all stay above the offset by a step before it re-anchors.
    std::int64_t settle_us = 1'000'000;
    std::uint32_t settle_samples = 5;
  };

  sender_timeline() = default;
  explicit sender_timeline(settings x) : settings_(x) {}

  /// Host time (µs) of sender time `sender_us`, received at `received_us`.
  std::int64_t to_host(std::int64_t sender_us, std::int64_t received_us);

  /// Forgets the offset (the sender restarted its clock).
  void reset();

  /// How often the offset moved by a step of the sender's clock.
  std::uint64_t reanchors() const { return reanchors_; }

  /// The last step (new offset − old offset, µs; positive: the sender's clock fell behind).
  std::int64_t last_step_us() const { return last_step_us_; }

private:
  void reanchor(double offset_us);

  settings settings_;
  std::optional<double> offset_us_;
  std::int64_t last_received_us_ = 0;
  /// The run of datagrams above the offset by more than a step: since when,
  /// how many, the smallest offset among them.
  std::int64_t above_since_us_ = 0;
  std::uint32_t above_samples_ = 0;
  double above_min_us_ = 0;
  std::uint64_t reanchors_ = 0;
  std::int64_t last_step_us_ = 0;
};

} // namespace lume

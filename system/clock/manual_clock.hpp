#pragma once

#include "system/clock/beat_clock.hpp"

#include <mutex>

namespace lume {

/// Deterministic `beat_clock` for tests: host time moves only through
/// `advance` and `set`. The timeline is Link's: one segment
/// beat = beat_origin + (t - time_origin) * bpm / 60e6, with beat 0 on a
/// boundary of every quantum, so beats do not depend on the quantum. A tempo
/// change re-anchors the segment at its time, keeping the beat continuous
/// there; earlier times are then read on the new tempo, as Link does.
/// Thread-safe: tests may drive it while actors read it.
class manual_clock final : public beat_clock {
public:
  /// Timeline at `bpm` with beat 0 at host time `start`, which is also now.
  explicit manual_clock(double bpm = 120.0, micros start = micros{0});

  /// Moves host time forward by `delta` (which may be negative).
  void advance(micros delta);

  /// Sets host time to `t`.
  void set(micros t);

  /// Sets the transport state (no beat re-mapping).
  void set_playing(bool playing);

  micros now() const override;
  double tempo() const override;
  double beat_at(micros t, double quantum) const override;
  double phase_at(micros t, double quantum) const override;
  micros time_at_beat(double beat, double quantum) const override;
  void set_tempo(double bpm, micros at) override;
  std::size_t peers() const override;
  bool playing() const override;

private:
  double beat_at_locked(micros t) const;

  mutable std::mutex mutex_;
  micros now_;
  double bpm_;
  double beat_origin_ = 0.0;
  micros time_origin_;
  bool playing_ = false;
};

} // namespace lume

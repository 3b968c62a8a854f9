#pragma once

#include <chrono>
#include <cstddef>

namespace lume {

/// Host time in microseconds on the clock Link uses (CLOCK_MONOTONIC_RAW on
/// Linux). Every origin timestamp in LUME is on this clock.
using micros = std::chrono::microseconds;

/// Musical time as every actor reads it. Production nodes read an Ableton
/// Link session, tests a manual clock; actors never read the system clock for
/// musical time. Positions compare by phase within a quantum, not by absolute
/// beat: Link aligns phase, and peers may differ by whole quanta.
class beat_clock {
public:
  virtual ~beat_clock() = default;

  /// Current host time.
  virtual micros now() const = 0;

  /// Tempo in beats per minute.
  virtual double tempo() const = 0;

  /// Beat position at host time `t` for the given quantum.
  virtual double beat_at(micros t, double quantum) const = 0;

  /// Phase in [0, quantum) at host time `t`.
  virtual double phase_at(micros t, double quantum) const = 0;

  /// Host time at which the timeline reaches `beat` for the given quantum.
  virtual micros time_at_beat(double beat, double quantum) const = 0;

  /// Changes the tempo from host time `at` on (for the whole Link session).
  virtual void set_tempo(double bpm, micros at) = 0;

  /// Number of other Link peers in the session (0 when Link is disabled).
  virtual std::size_t peers() const = 0;

  /// Transport state (start/stop sync).
  virtual bool playing() const = 0;
};

} // namespace lume

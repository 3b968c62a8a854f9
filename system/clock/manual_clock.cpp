#include "system/clock/manual_clock.hpp"

#include "system/clock/phase.hpp"

#include <cmath>

namespace lume {

namespace {

constexpr double micros_per_minute = 60e6;

} // namespace

manual_clock::manual_clock(double bpm, micros start)
  : now_(start), bpm_(bpm), time_origin_(start) {
}

void manual_clock::advance(micros delta) {
  std::lock_guard<std::mutex> guard{mutex_};
  now_ += delta;
}

void manual_clock::set(micros t) {
  std::lock_guard<std::mutex> guard{mutex_};
  now_ = t;
}

void manual_clock::set_playing(bool playing) {
  std::lock_guard<std::mutex> guard{mutex_};
  playing_ = playing;
}

micros manual_clock::now() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return now_;
}

double manual_clock::tempo() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return bpm_;
}

double manual_clock::beat_at(micros t, double) const {
  std::lock_guard<std::mutex> guard{mutex_};
  return beat_at_locked(t);
}

double manual_clock::phase_at(micros t, double quantum) const {
  std::lock_guard<std::mutex> guard{mutex_};
  return phase_of(beat_at_locked(t), quantum);
}

micros manual_clock::time_at_beat(double beat, double) const {
  std::lock_guard<std::mutex> guard{mutex_};
  const double offset = (beat - beat_origin_) * micros_per_minute / bpm_;
  return time_origin_ + micros{std::llround(offset)};
}

void manual_clock::set_tempo(double bpm, micros at) {
  std::lock_guard<std::mutex> guard{mutex_};
  beat_origin_ = beat_at_locked(at);
  time_origin_ = at;
  bpm_ = bpm;
}

std::size_t manual_clock::peers() const {
  return 0;
}

bool manual_clock::playing() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return playing_;
}

double manual_clock::beat_at_locked(micros t) const {
  return beat_origin_
         + static_cast<double>((t - time_origin_).count()) * bpm_
             / micros_per_minute;
}

} // namespace lume

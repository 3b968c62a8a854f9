#include "actors/quantizer/grid.hpp"

#include "system/clock/phase.hpp"

#include <algorithm>
#include <cmath>

namespace lume {

namespace {

/// Quantum the target beat is read with: a phrase for next_phrase, else a bar.
double grid_quantum(const grid_request& request) {
  if (request.rule == grid_rule::next_phrase)
    return request.quantum * std::max(request.phrase_bars, 1);
  return request.quantum;
}

/// First occurrence at or after `earliest` of the phase of exact beat `beat`.
double same_phase_at_or_after(double beat, double earliest, double quantum) {
  const double bars = std::max(std::ceil((earliest - beat) / quantum), 0.0);
  const double later = beat + bars * quantum;
  return later < earliest ? later + quantum : later;
}

grid_target resolve(const beat_clock& clock, micros now, double beat,
                    double quantum, micros lookahead) {
  grid_target target;
  target.beat = beat;
  target.quantum = quantum;
  target.time = clock.time_at_beat(beat, quantum);
  target.lookahead = lookahead;
  target.deliver = target.time - lookahead;
  target.passed = beat < clock.beat_at(now + lookahead, quantum);
  return target;
}

} // namespace

double next_grid_beat(double beat, grid_rule rule, double quantum) {
  const double phase = phase_of(beat, quantum);
  switch (rule) {
    case grid_rule::next_beat:
      return beat + (std::min(std::ceil(phase), quantum) - phase);
    case grid_rule::next_bar:
    case grid_rule::next_phrase:
      return phase == 0.0 ? beat : beat + (quantum - phase);
    case grid_rule::exact_beat:
      break;
  }
  return beat;
}

grid_target schedule(const beat_clock& clock, micros now,
                     const grid_request& request) {
  const double quantum = grid_quantum(request);
  const double earliest = clock.beat_at(now + request.lookahead, quantum);
  double beat = request.rule == grid_rule::exact_beat
                  ? request.beat
                  : next_grid_beat(clock.beat_at(now, quantum), request.rule,
                                   quantum);
  if (beat < earliest && request.on_passed == passed_policy::next) {
    beat = request.rule == grid_rule::exact_beat
             ? same_phase_at_or_after(beat, earliest, quantum)
             : next_grid_beat(earliest, request.rule, quantum);
  }
  return resolve(clock, now, beat, quantum, request.lookahead);
}

grid_target recompute(const beat_clock& clock, micros now, grid_target target) {
  return resolve(clock, now, target.beat, target.quantum, target.lookahead);
}

} // namespace lume

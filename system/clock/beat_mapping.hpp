#pragma once

#include <cmath>

namespace lume {

// Link peers agree on the tempo and on the phase within the quantum, not on
// beat numbers: two hosts may number the same instant apart by whole quanta.
// A beat that crosses hosts is mapped onto the receiver's own timeline.

/// `beat` of a sender's timeline on this node's, given the sender's beat
/// when it sent (`sent_beat`) and this node's beat now: this node's beat now
/// plus the distance the sender saw, snapped onto the phase `beat` has, which
/// absorbs a transit below half a quantum. On the sender's own timeline it
/// gives `beat` back.
inline double beat_on_local_timeline(double beat, double sent_beat, double local_now,
                                     double quantum) {
  const double estimate = local_now + (beat - sent_beat);
  if (quantum <= 0.0)
    return estimate;
  return beat - quantum * std::round((beat - estimate) / quantum);
}

/// `beat` of a message that reaches this node on that beat (a director cut,
/// which the deciding host's quantizer delivers at its grid point): the beat
/// of the same phase nearest this node's beat now.
inline double due_beat_on_local_timeline(double beat, double local_now, double quantum) {
  return beat_on_local_timeline(beat, beat, local_now, quantum);
}

} // namespace lume

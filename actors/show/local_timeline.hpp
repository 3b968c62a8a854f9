#pragma once

#include "system/clock/beat_clock.hpp"
#include "system/clock/beat_mapping.hpp"
#include "system/messages/show.hpp"

namespace lume {

// The show's outputs name beats on the deciding host's Link timeline; a
// consumer on another host takes them onto its own (system/clock/beat_mapping).

/// `cut` with `at_beat` on `clock`'s timeline: the cut arrives on its beat.
inline director_cut on_local_timeline(director_cut cut, const beat_clock& clock,
                                      double quantum) {
  cut.at_beat = due_beat_on_local_timeline(cut.at_beat, clock.beat_at(clock.now(), quantum),
                                           quantum);
  return cut;
}

/// `state` with `at_beat` and `sent_beat` on `clock`'s timeline (a state
/// without `sent_beat` is taken as already there).
inline session_state on_local_timeline(session_state state, const beat_clock& clock,
                                       double quantum) {
  if (state.sent_beat == 0.0)
    return state;
  const double now = clock.beat_at(clock.now(), quantum);
  state.at_beat = beat_on_local_timeline(state.at_beat, state.sent_beat, now, quantum);
  state.sent_beat = now;
  return state;
}

} // namespace lume

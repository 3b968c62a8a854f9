#define CAF_SUITE show.local_timeline
#include <caf/test/unit_test.hpp>

#include <cmath>

#include "actors/show/local_timeline.hpp"
#include "system/clock/manual_clock.hpp"

using namespace lume;
using namespace std::chrono_literals;

namespace {

constexpr double quantum = 4.0;

bool near(double a, double b) {
  return std::abs(a - b) < 1e-6;
}

} // namespace

CAF_TEST(a beat maps onto its own timeline unchanged) {
  CAF_CHECK(near(beat_on_local_timeline(37.0, 30.5, 30.5, quantum), 37.0));
  // Transit up to just below half a quantum is absorbed.
  CAF_CHECK(near(beat_on_local_timeline(37.0, 30.5, 32.4, quantum), 37.0));
  CAF_CHECK(near(due_beat_on_local_timeline(36.0, 35.98, quantum), 36.0));
  CAF_CHECK(near(due_beat_on_local_timeline(36.0, 36.5, quantum), 36.0));
}

CAF_TEST(a beat of a timeline numbered whole bars apart keeps its phase and distance) {
  // The sender numbers this instant 30.5, this node 30.5 - 16 = 14.5; the
  // change is 6.5 beats ahead of the send (phase 1 of a later bar).
  CAF_CHECK(near(beat_on_local_timeline(37.0, 30.5, 14.5, quantum), 21.0));
  // With 0.3 beats of transit, still the same grid point.
  CAF_CHECK(near(beat_on_local_timeline(37.0, 30.5, 14.8, quantum), 21.0));
  // Several bars ahead (a change at the end of a phrase).
  CAF_CHECK(near(beat_on_local_timeline(64.0, 30.5, 14.5, quantum), 48.0));
  // A cut delivered on its beat, numbered 16 beats further on the sender.
  CAF_CHECK(near(due_beat_on_local_timeline(53.0, 36.98, quantum), 37.0));
  CAF_CHECK(near(due_beat_on_local_timeline(53.0, 37.2, quantum), 37.0));
}

CAF_TEST(show outputs from another host land on the grid of this node) {
  // This node's timeline: beat 0 eight seconds (16 beats at 120 BPM) after
  // the sender's, which is at beat 30.5 now.
  manual_clock here{120.0, 0us};
  here.set(std::chrono::duration_cast<micros>(std::chrono::duration<double>(14.5 * 0.5)));
  session_state state;
  state.at_beat = 37.0;
  state.sent_beat = 30.5;
  auto local = on_local_timeline(state, here, quantum);
  CAF_CHECK(near(local.at_beat, 21.0));
  CAF_CHECK(near(local.sent_beat, 14.5));
  // Hand-made, without sent_beat: taken as local already.
  session_state hand;
  hand.at_beat = 18.0;
  CAF_CHECK(near(on_local_timeline(hand, here, quantum).at_beat, 18.0));
  director_cut cut;
  cut.at_beat = 31.0;
  CAF_CHECK(near(on_local_timeline(cut, here, quantum).at_beat, 15.0));
}

#define CAF_SUITE clock.grid
#include <caf/test/unit_test.hpp>

#include "actors/quantizer/grid.hpp"
#include "system/clock/manual_clock.hpp"

#include <cmath>

using lume::grid_request;
using lume::grid_rule;
using lume::manual_clock;
using lume::micros;
using lume::passed_policy;

namespace {

constexpr double eps = 1e-9;

bool near(double x, double y) {
  return std::abs(x - y) < eps;
}

/// Host time of `beat` on a 120 BPM timeline whose beat 0 is at time 0.
micros at_beat(double beat) {
  return micros{std::llround(beat * 500000.0)};
}

grid_request request(grid_rule rule, double quantum = 4.0) {
  grid_request req;
  req.rule = rule;
  req.quantum = quantum;
  return req;
}

} // namespace

CAF_TEST(next_grid_beat is phase based) {
  using lume::next_grid_beat;
  CAF_CHECK(near(next_grid_beat(5.5, grid_rule::next_beat, 4.0), 6.0));
  CAF_CHECK(near(next_grid_beat(5.5, grid_rule::next_bar, 4.0), 8.0));
  CAF_CHECK(near(next_grid_beat(8.0, grid_rule::next_bar, 4.0), 8.0));
  CAF_CHECK(near(next_grid_beat(9.0, grid_rule::next_phrase, 8.0), 16.0));
  CAF_CHECK(near(next_grid_beat(-2.5, grid_rule::next_bar, 4.0), 0.0));
  CAF_CHECK(near(next_grid_beat(-2.5, grid_rule::next_beat, 4.0), -2.0));
  // In a 3.5-beat bar the last beat is half a beat: the bar wraps at 3.5.
  CAF_CHECK(near(next_grid_beat(3.2, grid_rule::next_beat, 3.5), 3.5));
  CAF_CHECK(near(next_grid_beat(3.7, grid_rule::next_beat, 3.5), 4.5));
  CAF_CHECK(near(next_grid_beat(3.2, grid_rule::exact_beat, 4.0), 3.2));
}

CAF_TEST(next beat) {
  manual_clock clock{120.0};
  const auto target = schedule(clock, at_beat(0.25), request(grid_rule::next_beat));
  CAF_CHECK(near(target.beat, 1.0));
  CAF_CHECK_EQUAL(target.time.count(), 500000);
  CAF_CHECK_EQUAL(target.deliver.count(), 500000);
  CAF_CHECK(!target.passed);
  const auto on_grid = schedule(clock, at_beat(2.0), request(grid_rule::next_beat));
  CAF_CHECK(near(on_grid.beat, 2.0));
  CAF_CHECK_EQUAL(on_grid.time.count(), 1000000);
}

CAF_TEST(next bar waits for the phase to wrap) {
  manual_clock clock{120.0};
  const auto target = schedule(clock, at_beat(5.5), request(grid_rule::next_bar));
  CAF_CHECK(near(target.beat, 8.0));
  CAF_CHECK_EQUAL(target.quantum, 4.0);
  CAF_CHECK_EQUAL(target.time.count(), 4000000);
  const auto just_before =
    schedule(clock, at_beat(7.998), request(grid_rule::next_bar));
  CAF_CHECK(near(just_before.beat, 8.0));
  const auto on_bar = schedule(clock, at_beat(8.0), request(grid_rule::next_bar));
  CAF_CHECK(near(on_bar.beat, 8.0));
  const auto three = schedule(clock, at_beat(5.5), request(grid_rule::next_bar, 3.0));
  CAF_CHECK(near(three.beat, 6.0));
}

CAF_TEST(next phrase spans quantum times bars) {
  manual_clock clock{120.0};
  auto req = request(grid_rule::next_phrase);
  req.phrase_bars = 2;
  const auto target = schedule(clock, at_beat(5.5), req);
  CAF_CHECK(near(target.beat, 8.0));
  CAF_CHECK_EQUAL(target.quantum, 8.0);
  const auto later = schedule(clock, at_beat(9.0), req);
  CAF_CHECK(near(later.beat, 16.0));
  CAF_CHECK_EQUAL(later.time.count(), 8000000);
  req.phrase_bars = 4;
  CAF_CHECK(near(schedule(clock, at_beat(9.0), req).beat, 16.0));
  CAF_CHECK(near(schedule(clock, at_beat(17.0), req).beat, 32.0));
}

CAF_TEST(grid points before beat zero) {
  manual_clock clock{120.0, micros{10000000}};
  const micros now{8750000}; // beat -2.5
  const auto bar = schedule(clock, now, request(grid_rule::next_bar));
  CAF_CHECK(near(bar.beat, 0.0));
  CAF_CHECK_EQUAL(bar.time.count(), 10000000);
  const auto beat = schedule(clock, now, request(grid_rule::next_beat));
  CAF_CHECK(near(beat.beat, -2.0));
  CAF_CHECK_EQUAL(beat.time.count(), 9000000);
  auto phrase = request(grid_rule::next_phrase);
  phrase.phrase_bars = 2;
  CAF_CHECK(near(schedule(clock, micros{4000000}, phrase).beat, -8.0));
}

CAF_TEST(lookahead delivers early) {
  manual_clock clock{120.0};
  auto req = request(grid_rule::next_bar);
  req.lookahead = micros{100000};
  const auto target = schedule(clock, at_beat(7.5), req);
  CAF_CHECK(near(target.beat, 8.0));
  CAF_CHECK_EQUAL(target.time.count(), 4000000);
  CAF_CHECK_EQUAL(target.deliver.count(), 3900000);
  CAF_CHECK_EQUAL(target.lookahead.count(), 100000);
  CAF_CHECK(!target.passed);
}

CAF_TEST(grid point inside the lookahead moves to the next one) {
  manual_clock clock{120.0};
  auto req = request(grid_rule::next_bar);
  req.lookahead = micros{100000}; // 0.2 beats
  req.on_passed = passed_policy::next;
  const auto target = schedule(clock, at_beat(7.9), req);
  CAF_CHECK(near(target.beat, 12.0));
  CAF_CHECK_EQUAL(target.deliver.count(), 5900000);
  CAF_CHECK(!target.passed);
  req.rule = grid_rule::next_beat;
  CAF_CHECK(near(schedule(clock, at_beat(7.9), req).beat, 9.0));
}

CAF_TEST(grid point inside the lookahead is dropped) {
  manual_clock clock{120.0};
  auto req = request(grid_rule::next_bar);
  req.lookahead = micros{100000};
  req.on_passed = passed_policy::drop;
  const auto target = schedule(clock, at_beat(7.9), req);
  CAF_CHECK(target.passed);
  CAF_CHECK(near(target.beat, 8.0));
  CAF_CHECK_EQUAL(target.deliver.count(), 3900000);
}

CAF_TEST(exact beat ahead) {
  manual_clock clock{120.0};
  auto req = request(grid_rule::exact_beat);
  req.beat = 10.25;
  const auto target = schedule(clock, at_beat(5.0), req);
  CAF_CHECK(near(target.beat, 10.25));
  CAF_CHECK_EQUAL(target.time.count(), 5125000);
  CAF_CHECK(!target.passed);
}

CAF_TEST(passed exact beat moves to its phase in a later bar) {
  manual_clock clock{120.0};
  auto req = request(grid_rule::exact_beat);
  req.beat = 3.0;
  req.on_passed = passed_policy::next;
  const auto target = schedule(clock, at_beat(5.0), req);
  CAF_CHECK(near(target.beat, 7.0));
  CAF_CHECK_EQUAL(target.time.count(), 3500000);
  CAF_CHECK(!target.passed);
  req.beat = 1.0; // same phase as now: now itself is still in time
  CAF_CHECK(near(schedule(clock, at_beat(5.0), req).beat, 5.0));
  req.lookahead = micros{250000}; // half a beat: earliest is beat 5.5
  req.beat = -30.25;
  CAF_CHECK(near(schedule(clock, at_beat(5.0), req).beat, 5.75));
  req.beat = -30.5;
  CAF_CHECK(near(schedule(clock, at_beat(5.0), req).beat, 5.5));
}

CAF_TEST(passed exact beat is dropped) {
  manual_clock clock{120.0};
  auto req = request(grid_rule::exact_beat);
  req.beat = 3.0;
  req.on_passed = passed_policy::drop;
  const auto target = schedule(clock, at_beat(5.0), req);
  CAF_CHECK(target.passed);
  CAF_CHECK(near(target.beat, 3.0));
  CAF_CHECK_EQUAL(target.time.count(), 1500000);
}

CAF_TEST(tempo change keeps the target beat and moves its time) {
  manual_clock clock{120.0};
  auto req = request(grid_rule::next_bar);
  req.lookahead = micros{50000};
  const auto target = schedule(clock, at_beat(5.5), req);
  CAF_REQUIRE(near(target.beat, 8.0));
  CAF_REQUIRE_EQUAL(target.time.count(), 4000000);
  clock.set_tempo(60.0, micros{3000000}); // beat 6, 2 beats to go at 1 s/beat
  const auto slower = recompute(clock, micros{3000000}, target);
  CAF_CHECK(near(slower.beat, 8.0));
  CAF_CHECK_EQUAL(slower.time.count(), 5000000);
  CAF_CHECK_EQUAL(slower.deliver.count(), 4950000);
  CAF_CHECK(!slower.passed);
  clock.set_tempo(240.0, micros{3000000});
  const auto faster = recompute(clock, micros{3000000}, target);
  CAF_CHECK(near(faster.beat, 8.0));
  CAF_CHECK_EQUAL(faster.time.count(), 3500000);
}

CAF_TEST(tempo change can make a target late) {
  manual_clock clock{120.0};
  auto req = request(grid_rule::next_bar);
  req.lookahead = micros{200000};
  const auto target = schedule(clock, at_beat(7.0), req);
  CAF_REQUIRE(!target.passed);
  CAF_REQUIRE_EQUAL(target.deliver.count(), 3800000);
  const micros now{3700000}; // beat 7.4
  clock.set_tempo(300.0, now);
  const auto late = recompute(clock, now, target);
  CAF_CHECK(near(late.beat, 8.0));
  CAF_CHECK_EQUAL(late.time.count(), 3820000);
  CAF_CHECK_EQUAL(late.deliver.count(), 3620000);
  CAF_CHECK(late.passed);
}

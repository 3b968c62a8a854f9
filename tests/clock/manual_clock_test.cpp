#define CAF_SUITE clock.manual_clock
#include <caf/test/unit_test.hpp>

#include "system/clock/manual_clock.hpp"
#include "system/clock/phase.hpp"

#include <chrono>
#include <cmath>
#include <thread>

using lume::manual_clock;
using lume::micros;

namespace {

/// Beats are compared to this precision (CAF's float equality is relative).
constexpr double eps = 1e-9;

bool near(double x, double y) {
  return std::abs(x - y) < eps;
}

} // namespace

CAF_TEST(time moves only by advance and set) {
  manual_clock clock{120.0, micros{1000}};
  CAF_CHECK_EQUAL(clock.now().count(), 1000);
  std::this_thread::sleep_for(std::chrono::milliseconds{2});
  CAF_CHECK_EQUAL(clock.now().count(), 1000);
  clock.advance(micros{250});
  CAF_CHECK_EQUAL(clock.now().count(), 1250);
  clock.set(micros{-40});
  CAF_CHECK_EQUAL(clock.now().count(), -40);
  CAF_CHECK_EQUAL(clock.peers(), 0u);
}

CAF_TEST(beats follow the tempo from the start time) {
  manual_clock clock{120.0, micros{1000000}};
  CAF_CHECK(near(clock.beat_at(micros{1000000}, 4.0), 0.0));
  CAF_CHECK(near(clock.beat_at(micros{1500000}, 4.0), 1.0));
  CAF_CHECK(near(clock.beat_at(micros{3250000}, 4.0), 4.5));
  CAF_CHECK_EQUAL(clock.tempo(), 120.0);
}

CAF_TEST(time_at_beat inverts beat_at) {
  manual_clock clock{97.0, micros{123456}};
  for (double beat : {-7.25, -0.5, 0.0, 0.3, 1.0, 13.75, 1000.125}) {
    const micros t = clock.time_at_beat(beat, 4.0);
    CAF_CHECK_LESS(std::abs(clock.beat_at(t, 4.0) - beat), 1e-5);
  }
  CAF_CHECK_EQUAL(clock.time_at_beat(3.0, 4.0).count(),
                  123456 + std::llround(3.0 * 60e6 / 97.0));
}

CAF_TEST(phase wraps at the quantum) {
  manual_clock clock{120.0};
  CAF_CHECK(near(clock.phase_at(micros{1750000}, 4.0), 3.5));
  CAF_CHECK(near(clock.phase_at(micros{2000000}, 4.0), 0.0));
  CAF_CHECK(near(clock.phase_at(micros{2250000}, 4.0), 0.5));
  CAF_CHECK(near(clock.phase_at(micros{2250000}, 3.0), 1.5));
  CAF_CHECK(near(clock.phase_at(micros{2250000}, 1.0), 0.5));
}

CAF_TEST(negative beats wrap into the quantum) {
  manual_clock clock{120.0, micros{10000000}};
  const micros t = micros{8750000};
  CAF_CHECK(near(clock.beat_at(t, 4.0), -2.5));
  CAF_CHECK(near(clock.phase_at(t, 4.0), 1.5));
  CAF_CHECK(near(clock.phase_at(micros{8000000}, 4.0), 0.0));
  CAF_CHECK(near(clock.phase_at(micros{4000000}, 4.0), 0.0));
  CAF_CHECK(near(clock.phase_at(micros{3750000}, 4.0), 3.5));
}

CAF_TEST(phase_of handles edges) {
  CAF_CHECK(near(lume::phase_of(-0.5, 4.0), 3.5));
  CAF_CHECK(near(lume::phase_of(-4.0, 4.0), 0.0));
  CAF_CHECK(near(lume::phase_of(9.0, 4.0), 1.0));
  CAF_CHECK(near(lume::phase_of(5.0, 0.0), 0.0));
  const double tiny = lume::phase_of(-1e-17, 4.0);
  CAF_CHECK(tiny >= 0.0 && tiny < 4.0);
}

CAF_TEST(set_tempo keeps beat continuity at its time) {
  manual_clock clock{120.0};
  const micros at{3000000};
  const double before = clock.beat_at(at, 4.0);
  clock.set_tempo(60.0, at);
  CAF_CHECK_EQUAL(clock.tempo(), 60.0);
  CAF_CHECK(near(clock.beat_at(at, 4.0), before));
  CAF_CHECK(near(clock.beat_at(at + micros{1000000}, 4.0), before + 1.0));
  CAF_CHECK(near(clock.phase_at(at + micros{2000000}, 4.0), 0.0));
  CAF_CHECK_EQUAL(clock.time_at_beat(8.0, 4.0).count(), 5000000);
}

CAF_TEST(transport state is set explicitly) {
  manual_clock clock;
  CAF_CHECK(!clock.playing());
  clock.set_playing(true);
  CAF_CHECK(clock.playing());
}

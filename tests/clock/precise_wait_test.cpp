#define CAF_SUITE clock.precise_wait
#include <caf/test/unit_test.hpp>

#include "actors/quantizer/precise_wait.hpp"
#include "system/clock/host_clock.hpp"

using lume::micros;

CAF_TEST(waits until the target and reports the error) {
  for (int i = 0; i < 20; ++i) {
    const micros target = lume::host_now() + micros{3000 + 500 * i};
    const micros error = lume::precise_wait_until(target);
    const micros woke = lume::host_now();
    CAF_CHECK(woke >= target);
    CAF_CHECK(error >= micros{0});
    // Generous bound: a normal-priority thread on a loaded 2-core box can
    // lose the CPU for several scheduler slices (5 ms was seen exceeded at
    // load 10, 50 ms under the full suite beside two fuzzers); half a beat
    // at 120 BPM still catches a wait that sleeps past its target. The
    // benchmark measures the real figures.
    CAF_CHECK_LESS(error.count(), 250000);
  }
}

CAF_TEST(a passed target returns at once with its lateness) {
  const micros target = lume::host_now() - micros{2000};
  const micros error = lume::precise_wait_until(target);
  CAF_CHECK_GREATER_OR_EQUAL(error.count(), 2000);
  CAF_CHECK_LESS(error.count(), 100000);
}

CAF_TEST(zero margin still reaches the target) {
  const micros target = lume::host_now() + micros{2000};
  lume::precise_wait_until(target, micros{0});
  CAF_CHECK(lume::host_now() >= target);
}

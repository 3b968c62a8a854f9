#define CAF_SUITE inference.breaker
#include <caf/test/dsl.hpp>

#include "actors/inference/backoff.hpp"
#include "actors/inference/circuit_breaker.hpp"

using namespace lume;
using namespace std::chrono_literals;

namespace {

/// Time driven by hand: the breaker only compares the points it is given.
struct hand_clock {
  caf::actor_clock::time_point now{};
  void advance(caf::timespan x) {
    now += x;
  }
};

breaker_settings three_in_a_second() {
  breaker_settings s;
  s.failures = 3;
  s.window = 1s;
  s.open_for = 5s;
  return s;
}

} // namespace

CAF_TEST(the breaker opens after N failures within the window) {
  hand_clock clock;
  circuit_breaker breaker{three_in_a_second()};
  CAF_CHECK(breaker.admit(clock.now));
  CAF_CHECK(!breaker.failure(clock.now));
  clock.advance(400ms);
  CAF_CHECK(!breaker.failure(clock.now));
  CAF_CHECK_EQUAL(breaker.state(), breaker_state::closed);
  clock.advance(400ms);
  auto changed = breaker.failure(clock.now);
  CAF_REQUIRE(changed);
  CAF_CHECK_EQUAL(*changed, breaker_state::open);
  CAF_CHECK(!breaker.admit(clock.now));
  CAF_CHECK_EQUAL(breaker.opened(), 1u);
  CAF_REQUIRE(breaker.retry_at());
  CAF_CHECK(*breaker.retry_at() == clock.now + 5s);
}

CAF_TEST(failures spread wider than the window keep it closed) {
  hand_clock clock;
  circuit_breaker breaker{three_in_a_second()};
  for (int i = 0; i < 10; ++i) {
    CAF_CHECK(!breaker.failure(clock.now));
    clock.advance(600ms);
  }
  CAF_CHECK_EQUAL(breaker.state(), breaker_state::closed);
  CAF_CHECK_EQUAL(breaker.recent_failures(), 2u);
}

CAF_TEST(a success in between clears the count) {
  hand_clock clock;
  circuit_breaker breaker{three_in_a_second()};
  breaker.failure(clock.now);
  breaker.failure(clock.now);
  CAF_CHECK(!breaker.success(clock.now));
  breaker.failure(clock.now);
  breaker.failure(clock.now);
  CAF_CHECK_EQUAL(breaker.state(), breaker_state::closed);
}

CAF_TEST(open lets one probe through after the open time and closes on its success) {
  hand_clock clock;
  circuit_breaker breaker{three_in_a_second()};
  for (int i = 0; i < 3; ++i)
    breaker.failure(clock.now);
  clock.advance(4999ms);
  CAF_CHECK(!breaker.admit(clock.now));
  CAF_CHECK_EQUAL(breaker.state(), breaker_state::open);
  clock.advance(1ms);
  CAF_CHECK(breaker.admit(clock.now));
  CAF_CHECK_EQUAL(breaker.state(), breaker_state::half_open);
  // One probe at a time.
  CAF_CHECK(!breaker.admit(clock.now));
  auto changed = breaker.success(clock.now);
  CAF_REQUIRE(changed);
  CAF_CHECK_EQUAL(*changed, breaker_state::closed);
  CAF_CHECK(breaker.admit(clock.now));
  CAF_CHECK_EQUAL(breaker.recent_failures(), 0u);
}

CAF_TEST(a failed probe opens the breaker again for the open time) {
  hand_clock clock;
  circuit_breaker breaker{three_in_a_second()};
  for (int i = 0; i < 3; ++i)
    breaker.failure(clock.now);
  clock.advance(5s);
  CAF_CHECK(breaker.admit(clock.now));
  auto changed = breaker.failure(clock.now);
  CAF_REQUIRE(changed);
  CAF_CHECK_EQUAL(*changed, breaker_state::open);
  CAF_CHECK_EQUAL(breaker.opened(), 2u);
  clock.advance(4s);
  CAF_CHECK(!breaker.admit(clock.now));
  clock.advance(1s);
  CAF_CHECK(breaker.admit(clock.now));
  CAF_CHECK_EQUAL(to_string(breaker.state()), "half-open");
}

CAF_TEST(backoff doubles up to its maximum) {
  backoff delays{100ms, 1s, 42};
  CAF_CHECK_EQUAL(delays.ceiling(1), caf::timespan{100ms});
  CAF_CHECK_EQUAL(delays.ceiling(2), caf::timespan{200ms});
  CAF_CHECK_EQUAL(delays.ceiling(4), caf::timespan{800ms});
  CAF_CHECK_EQUAL(delays.ceiling(5), caf::timespan{1s});
  CAF_CHECK_EQUAL(delays.ceiling(60), caf::timespan{1s});
}

CAF_TEST(backoff jitters within the upper half and repeats with its seed) {
  backoff a{100ms, 10s, 7};
  backoff b{100ms, 10s, 7};
  std::vector<caf::timespan> seen;
  for (std::uint32_t attempt = 1; attempt <= 6; ++attempt)
    for (int i = 0; i < 50; ++i) {
      auto x = a.delay(attempt);
      CAF_CHECK_EQUAL(x, b.delay(attempt));
      CAF_CHECK_GREATER_OR_EQUAL(x, a.ceiling(attempt) / 2);
      CAF_CHECK_LESS_OR_EQUAL(x, a.ceiling(attempt));
      seen.push_back(x);
    }
  std::sort(seen.begin(), seen.begin() + 50);
  // Jitter spreads the 50 delays of the first attempt.
  CAF_CHECK_GREATER(seen[49] - seen[0], caf::timespan{30ms});
}

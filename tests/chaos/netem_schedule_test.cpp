// release_schedule (lume-netem's timing) without a kernel: the delay, the
// jitter's bounds, the reorder share, per-direction reordering counts, the
// exit flush and the seed's replay (ctest chaos.netem_schedule).
#include "netem_schedule.hpp"

#include <cstdio>
#include <vector>

namespace {

using namespace std::chrono_literals;
using lume::netem::clock;
using lume::netem::release_schedule;
using lume::netem::schedule_options;

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAIL", what);
  if (!ok)
    ++failures;
}

struct released {
  std::vector<std::uint32_t> ids;
  release_schedule::accept_fn fn() {
    return [this](std::uint32_t id) { ids.push_back(id); };
  }
};

void plain_delay() {
  release_schedule s({50ms, 0ms, 0, 1});
  released out;
  const auto t0 = clock::time_point{} + 1s;
  for (std::uint32_t i = 0; i < 10; ++i)
    s.admit(i, 0, t0 + i * 1ms, out.fn());
  check(out.ids.empty() && s.size() == 10, "a delay holds every packet");
  check(s.next_due() == t0 + 50ms, "the first is due 50 ms after it came");
  s.release_due(t0 + 54ms, out.fn());
  check(out.ids == std::vector<std::uint32_t>{0, 1, 2, 3, 4}, "released in order when due");
  s.release_due(t0 + 59ms, out.fn());
  check(out.ids.size() == 10 && s.counters().reordered == 0, "all released, none reordered");
  check(s.counters().late == 4 && s.counters().worst_late_us == 4000,
        "released 0-4 ms past due: 4 late (over 2 ms), worst 4 ms");
}

void jitter_bounds() {
  release_schedule s({20ms, 15ms, 0, 7});
  released out;
  const auto t0 = clock::time_point{} + 1s;
  for (std::uint32_t i = 0; i < 1000; ++i)
    s.admit(i, 0, t0, out.fn());
  const auto first = *s.next_due();
  s.release_due(t0 + 34999us, out.fn());
  const auto before_max = out.ids.size();
  s.release_due(t0 + 35ms, out.fn());
  check(first >= t0 + 5ms && first < t0 + 6ms, "the earliest of 1000 is near 20 - 15 ms");
  check(before_max > 990 && out.ids.size() == 1000, "none later than 20 + 15 ms");
  check(s.counters().reordered > 300, "jitter reorders");
}

void negative_hold_is_zero() {
  release_schedule s({5ms, 40ms, 0, 3});
  released out;
  const auto t0 = clock::time_point{} + 1s;
  for (std::uint32_t i = 0; i < 200; ++i)
    s.admit(i, 0, t0, out.fn());
  check(*s.next_due() == t0, "a hold below zero is no hold");
}

void reorder_share() {
  release_schedule s({30ms, 0ms, 40, 11});
  released out;
  const auto t0 = clock::time_point{} + 1s;
  for (std::uint32_t i = 0; i < 10000; ++i)
    s.admit(i, 0, t0 + i * 1us, out.fn());
  const auto& c = s.counters();
  check(c.immediate > 3700 && c.immediate < 4300, "about 40 % go at once");
  check(out.ids.size() == c.immediate && c.held + c.immediate == 10000, "the others are held");
  check(c.reordered >= c.immediate - 1, "each one sent at once overtakes a held one (but the first)");
}

void lanes_apart() {
  // Two directions: a packet of one never counts as overtaking the other's.
  release_schedule s({10ms, 0ms, 0, 1});
  released out;
  const auto t0 = clock::time_point{} + 1s;
  s.admit(1, 1, t0, out.fn());        // LOCAL_IN, due t0 + 10 ms
  s.admit(2, 3, t0 - 5ms, out.fn());  // LOCAL_OUT, came later but due t0 + 5 ms
  s.release_due(t0 + 20ms, out.fn());
  check(out.ids == std::vector<std::uint32_t>{2, 1} && s.counters().reordered == 0,
        "reordering is counted per direction");
}

void flush_at_exit() {
  release_schedule s({5000ms, 0ms, 0, 1});
  released out;
  const auto t0 = clock::time_point{} + 1s;
  for (std::uint32_t i = 0; i < 20; ++i)
    s.admit(i, 0, t0, out.fn());
  s.release_all(out.fn());
  check(out.ids.size() == 20 && s.counters().flushed == 20 && s.size() == 0
          && !s.next_due(),
        "release_all lets every held packet go");
}

void seed_replays() {
  auto run = [](std::uint64_t seed) {
    release_schedule s({30ms, 20ms, 30, seed});
    released out;
    const auto t0 = clock::time_point{} + 1s;
    for (std::uint32_t i = 0; i < 500; ++i)
      s.admit(i, 0, t0 + i * 1ms, out.fn());
    s.release_all(out.fn());
    return out.ids;
  };
  check(run(42) == run(42), "one seed, one order");
  check(run(42) != run(43), "another seed, another order");
}

} // namespace

int main() {
  plain_delay();
  jitter_bounds();
  negative_hold_is_zero();
  reorder_share();
  lanes_apart();
  flush_at_exit();
  seed_replays();
  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  return failures == 0 ? 0 : 1;
}

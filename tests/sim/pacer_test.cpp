#define CAF_SUITE sim.pacer
#include <caf/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <vector>

#include "actors/sim/pacer.hpp"
#include "actors/sim/stream_runner.hpp"
#include "tests/sim/collecting_sink.hpp"

using namespace lume::sim;
using namespace std::chrono;

namespace {

/// A 100 Hz source noting when each tick was emitted.
class timed_source : public stream_source {
public:
  tick_rate rate() const override { return {100, 1}; }
  void emit(std::uint64_t n, const capture_clock&, datagram_sink& out) override {
    ticks.push_back(n);
    times.push_back(pacer::clock::now());
    const std::uint8_t byte = static_cast<std::uint8_t>(n);
    out.send(&byte, 1);
  }
  std::vector<std::uint64_t> ticks;
  std::vector<pacer::clock::time_point> times;
};

} // namespace

CAF_TEST(deadlines are exact fractions of the start and never drift) {
  const pacer::clock::time_point start{seconds(1000)};
  const pacer audio{{48000, 512}, start}; // 93.75 blocks per second
  CAF_CHECK_EQUAL((audio.deadline(375) - start).count(), nanoseconds(seconds(4)).count());
  // Ten days of blocks later the deadline is still exact.
  CAF_CHECK_EQUAL((audio.deadline(81'000'000) - start).count(),
                  nanoseconds(seconds(864'000)).count());
  CAF_CHECK_EQUAL((audio.deadline(1) - start).count(), 10'666'666);
  const pacer video{{30, 1}, start};
  CAF_CHECK_EQUAL(video.tick_at(video.deadline(12345)), 12345u);
  CAF_CHECK_EQUAL(video.tick_at(video.deadline(12345) - nanoseconds(1)), 12344u);
  CAF_CHECK_EQUAL(video.tick_at(start - seconds(1)), 0u);
  CAF_CHECK_EQUAL(pacer({50, 1}, start).ticks_within(5.0), 250u);
  CAF_CHECK_EQUAL(audio.ticks_within(1.0), 94u);
}

CAF_TEST(a run emits every tick at or after its deadline for the given seconds) {
  timed_source source;
  test::collecting_sink sink;
  const std::atomic<bool> stop{false};
  const auto began = pacer::clock::now();
  const auto run = run_stream(source, sink, 0.3, stop);
  const double took = duration<double>(pacer::clock::now() - began).count();
  CAF_CHECK_EQUAL(run.ticks, 30u);
  CAF_CHECK_EQUAL(run.ticks_skipped, 0u);
  CAF_CHECK_EQUAL(sink.datagrams.size(), 30u);
  CAF_CHECK_GREATER_OR_EQUAL(took, 0.3);
  CAF_CHECK_LESS(took, 0.5);
  CAF_REQUIRE_EQUAL(source.times.size(), 30u);
  for (std::size_t k = 0; k < source.times.size(); ++k) {
    CAF_CHECK_EQUAL(source.ticks[k], k);
    // Tick k is due k · 10 ms after the start, and the start precedes tick 0.
    CAF_CHECK_GREATER_OR_EQUAL(source.times[k] - source.times[0], milliseconds(10 * k) - milliseconds(1));
  }
}

CAF_TEST(a stop request ends a run at once) {
  timed_source source;
  test::collecting_sink sink;
  const std::atomic<bool> stop{true};
  const auto began = pacer::clock::now();
  const auto run = run_stream(source, sink, std::nullopt, stop);
  CAF_CHECK_EQUAL(run.ticks, 0u);
  CAF_CHECK_LESS(pacer::clock::now() - began, milliseconds(100));
}

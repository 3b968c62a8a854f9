// lume-bench-clock: precise_wait accuracy on the Link host clock, the cost
// of beat_clock reads, and the host's thread wake-ups that bound any hand-off
// to a sleeping thread (an idle CAF worker polls its queue with 50 us sleeps,
// or waits on a condition variable). Link stays disabled: nothing goes on the
// network.
//   lume-bench-clock [WAITS]   (default 2000 waits of 1-20 ms)

#include "actors/quantizer/precise_wait.hpp"
#include "system/clock/host_clock.hpp"
#include "system/clock/link_clock.hpp"
#include "system/clock/manual_clock.hpp"

#include <sys/prctl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace {

using lume::micros;

/// Keeps benchmarked results alive so the calls are not optimized away.
volatile double sink_out = 0.0;

/// Host time in nanoseconds on Link's clock (CLOCK_MONOTONIC_RAW).
long long host_nanos() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * (values.size() - 1) + 0.5);
  return values[index];
}

/// Waits `count` random 1-20 ms targets and prints the lateness in µs, measured
/// in nanoseconds right after the wait returns.
void bench_wait(int count, micros margin) {
  std::mt19937 rng{42};
  std::uniform_int_distribution<long long> delay_us{1000, 20000};
  std::vector<double> late_us;
  late_us.reserve(count);
  for (int i = 0; i < count; ++i) {
    const micros target = lume::host_now() + micros{delay_us(rng)};
    lume::precise_wait_until(target, margin);
    late_us.push_back((host_nanos() - target.count() * 1000) / 1000.0);
  }
  std::printf("  spin margin %5lld us: p50 %8.2f  p99 %8.2f  max %8.2f  (us late)\n",
              static_cast<long long>(margin.count()), percentile(late_us, 0.5),
              percentile(late_us, 0.99),
              *std::max_element(late_us.begin(), late_us.end()));
}

void print_us(const char* what, const std::vector<double>& us) {
  std::printf("  %-44s p50 %6.1f  p99 %6.1f  max %8.1f  (us)\n", what, percentile(us, 0.5),
              percentile(us, 0.99), *std::max_element(us.begin(), us.end()));
}

/// How long `sleep_for(50us)` really sleeps, `count` times, with this
/// thread's timer slack at `slack_ns` (0: the Linux default, 50 us).
void bench_short_sleep(int count, unsigned long slack_ns) {
  if (slack_ns > 0)
    prctl(PR_SET_TIMERSLACK, slack_ns);
  std::vector<double> us;
  for (int i = 0; i < count; ++i) {
    const long long t0 = host_nanos();
    std::this_thread::sleep_for(std::chrono::microseconds{50});
    us.push_back((host_nanos() - t0) / 1000.0);
  }
  print_us(slack_ns > 0 ? "sleep_for(50us) lasts, timer slack 1 ns" :
                          "sleep_for(50us) lasts, default timer slack", us);
}

/// Notify -> the waiting thread runs, `count` times 2 ms apart.
void bench_notify(int count) {
  std::mutex mutex;
  std::condition_variable cv;
  long long notified_ns = -1;
  std::vector<double> us;
  std::thread waiter{[&] {
    std::unique_lock<std::mutex> lock{mutex};
    for (int i = 0; i < count; ++i) {
      cv.wait(lock, [&] { return notified_ns >= 0; });
      us.push_back((host_nanos() - notified_ns) / 1000.0);
      notified_ns = -1;
    }
  }};
  for (int i = 0; i < count; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{2});
    {
      std::lock_guard<std::mutex> lock{mutex};
      notified_ns = host_nanos();
    }
    cv.notify_one();
  }
  waiter.join();
  print_us("condition variable notify -> waiter runs", us);
}

/// Mean cost in ns of `call(i)` over `count` calls.
template <class Call>
double cost_ns(long count, Call call) {
  double sink = 0.0;
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < count; ++i)
    sink += call(i);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  sink_out = sink;
  return std::chrono::duration<double, std::nano>(elapsed).count() / count;
}

struct read_costs {
  double beat_at = 0.0;
  double phase_at = 0.0;
  double time_at_beat = 0.0;
};

read_costs measure_reads(const lume::beat_clock& clock) {
  constexpr long count = 1000000;
  const micros t0 = clock.now();
  read_costs costs;
  costs.beat_at = cost_ns(count, [&](long k) {
    return clock.beat_at(t0 + micros{k}, 4.0);
  });
  costs.phase_at = cost_ns(count, [&](long k) {
    return clock.phase_at(t0 + micros{k}, 4.0);
  });
  costs.time_at_beat = cost_ns(count, [&](long k) {
    return static_cast<double>(clock.time_at_beat(k * 1e-3, 4.0).count());
  });
  return costs;
}

/// Read costs with `threads` threads reading the same clock at once; prints
/// the first thread's figures.
void bench_reads(const char* name, const lume::beat_clock& clock, int threads) {
  std::vector<std::thread> others;
  for (int i = 1; i < threads; ++i)
    others.emplace_back([&] { measure_reads(clock); });
  const read_costs costs = measure_reads(clock);
  for (auto& other : others)
    other.join();
  std::printf("  %-12s %d thread(s): beat_at %6.1f  phase_at %6.1f  "
              "time_at_beat %6.1f  (ns/call)\n",
              name, threads, costs.beat_at, costs.phase_at, costs.time_at_beat);
}

/// The 1-minute load average, to tell whether the machine was idle.
double load_average() {
  double load = -1.0;
  if (std::FILE* file = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(file, "%lf", &load) != 1)
      load = -1.0;
    std::fclose(file);
  }
  return load;
}

} // namespace

int main(int argc, char** argv) {
  const int waits = argc > 1 ? std::atoi(argv[1]) : 2000;
  if (waits <= 0) {
    std::fprintf(stderr, "usage: %s [WAITS]\n", argv[0]);
    return 2;
  }
  std::printf("precise_wait_until: %d random 1-20 ms targets, load average "
              "%.2f\n",
              waits, load_average());
  bench_wait(waits, lume::default_spin_margin);
  bench_wait(std::max(waits / 4, 1), micros{0}); // sleep only, for comparison

  std::printf("beat_clock reads (1e6 calls each)\n");
  const lume::link_clock link{120.0, 4.0, false};
  const lume::manual_clock manual{120.0};
  bench_reads("link_clock", link, 1);
  bench_reads("link_clock", link, 2);
  bench_reads("manual_clock", manual, 1);
  std::printf("  host_now %.1f ns/call\n",
              cost_ns(1000000, [](long) {
                return static_cast<double>(lume::host_now().count());
              }));

  std::printf("thread wake-ups, %d each\n", waits);
  bench_notify(waits);
  bench_short_sleep(waits, 0);
  bench_short_sleep(waits, 1); // last: the slack stays with this thread
  return 0;
}

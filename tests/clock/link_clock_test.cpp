#define CAF_SUITE clock.link_clock
#include <caf/test/unit_test.hpp>

// Link stays DISABLED in every test here: nothing goes on the network.
#include "system/clock/host_clock.hpp"
#include "system/clock/link_clock.hpp"
#include "system/clock/phase.hpp"

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using lume::link_clock;
using lume::micros;

CAF_TEST(disabled link has no peers) {
  link_clock clock{120.0, 4.0, false};
  CAF_CHECK(!clock.enabled());
  CAF_CHECK_EQUAL(clock.peers(), 0u);
  CAF_CHECK_EQUAL(clock.quantum(), 4.0);
}

CAF_TEST(now is the host clock) {
  link_clock clock{120.0, 4.0, false};
  const micros before = lume::host_now();
  const micros now = clock.now();
  const micros after = lume::host_now();
  CAF_CHECK(before <= now && now <= after);
}

CAF_TEST(tempo set and get) {
  link_clock clock{120.0, 4.0, false};
  CAF_CHECK_EQUAL(clock.tempo(), 120.0);
  const micros at = clock.now();
  const double beat_before = clock.beat_at(at, 4.0);
  clock.set_tempo(90.0, at);
  CAF_CHECK_EQUAL(clock.tempo(), 90.0);
  CAF_CHECK_LESS(std::abs(clock.beat_at(at, 4.0) - beat_before), 1e-5);
  const double one_second = clock.beat_at(at + micros{1000000}, 4.0)
                            - clock.beat_at(at, 4.0);
  CAF_CHECK_LESS(std::abs(one_second - 1.5), 1e-5);
  clock.set_tempo(5000.0, at);
  CAF_CHECK_EQUAL(clock.tempo(), 999.0);
}

CAF_TEST(beat and phase are monotonic) {
  link_clock clock{133.0, 4.0, false};
  const micros start = clock.now();
  double last_beat = clock.beat_at(start, 4.0);
  int wraps = 0;
  double last_phase = clock.phase_at(start, 4.0);
  for (int i = 1; i <= 400; ++i) {
    const micros t = start + micros{i * 10000};
    const double beat = clock.beat_at(t, 4.0);
    const double phase = clock.phase_at(t, 4.0);
    CAF_CHECK_GREATER(beat, last_beat);
    CAF_CHECK(phase >= 0.0 && phase < 4.0);
    CAF_CHECK_LESS(std::abs(phase - lume::phase_of(beat, 4.0)), 1e-6);
    if (phase < last_phase)
      ++wraps;
    last_beat = beat;
    last_phase = phase;
  }
  // 4 s at 133 BPM is 8.87 beats: two bar lines.
  CAF_CHECK_EQUAL(wraps, 2);
}

CAF_TEST(beats advance with real time) {
  link_clock clock{120.0, 4.0, false};
  const double first = clock.beat_at(clock.now(), 4.0);
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  const double second = clock.beat_at(clock.now(), 4.0);
  CAF_CHECK_GREATER(second - first, 0.09);
  CAF_CHECK_LESS(second - first, 1.0);
}

CAF_TEST(time_at_beat inverts beat_at) {
  link_clock clock{127.0, 4.0, false};
  const micros now = clock.now();
  for (int i = -50; i <= 50; ++i) {
    const micros t = now + micros{i * 37311};
    for (double quantum : {1.0, 3.0, 4.0}) {
      const double beat = clock.beat_at(t, quantum);
      CAF_CHECK_LESS(std::abs((clock.time_at_beat(beat, quantum) - t).count()), 2);
    }
  }
  for (double beat : {-3.5, 0.0, 0.25, 17.0}) {
    const double back = clock.beat_at(clock.time_at_beat(beat, 4.0), 4.0);
    CAF_CHECK_LESS(std::abs(back - beat), 1e-5);
  }
}

CAF_TEST(transport state) {
  // Link's I/O thread applies each commit to the session, then writes it
  // back to the app's state and calls the start/stop listener: until it
  // has, a read may see an older commit (the suite saw it once). The
  // listener says when both commits of a pair are through.
  link_clock clock{120.0, 4.0, false};
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<bool> heard;
  clock.on_playing([&](bool playing) {
    std::lock_guard<std::mutex> guard{mutex};
    heard.push_back(playing);
    changed.notify_all();
  });
  CAF_CHECK(!clock.playing());
  // Start and stop in quick succession: the stop wins.
  for (size_t pair = 1; pair <= 20; ++pair) {
    clock.set_playing(true, clock.now());
    clock.set_playing(false, clock.now());
    std::unique_lock<std::mutex> lock{mutex};
    CAF_REQUIRE(changed.wait_for(lock, std::chrono::seconds{2},
                                 [&] { return heard.size() == 2 * pair; }));
    CAF_CHECK(heard[2 * pair - 2] && !heard[2 * pair - 1]);
    lock.unlock();
    CAF_CHECK(!clock.playing());
  }
  clock.on_playing({});
}

CAF_TEST(tempo listener runs on a tempo change) {
  link_clock clock{120.0, 4.0, false};
  std::mutex mutex;
  std::condition_variable changed;
  double seen = 0.0;
  clock.on_tempo([&](double bpm) {
    std::lock_guard<std::mutex> guard{mutex};
    seen = bpm;
    changed.notify_all();
  });
  clock.set_tempo(100.0, clock.now());
  std::unique_lock<std::mutex> lock{mutex};
  CAF_CHECK(changed.wait_for(lock, std::chrono::seconds{2},
                             [&] { return seen == 100.0; }));
  lock.unlock();
  clock.on_tempo({});
  clock.set_tempo(110.0, clock.now());
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  lock.lock();
  CAF_CHECK_EQUAL(seen, 100.0);
}

CAF_TEST(concurrent readers see one continuous timeline) {
  link_clock clock{120.0, 4.0, false};
  bool ok[2] = {true, true};
  const auto read = [&](int id) {
    double last = clock.beat_at(clock.now(), 4.0);
    for (int i = 0; i < 20000; ++i) {
      const double beat = clock.beat_at(clock.now(), 4.0);
      ok[id] = ok[id] && beat >= last;
      last = beat;
    }
  };
  std::thread other{read, 1};
  read(0);
  other.join();
  CAF_CHECK(ok[0]);
  CAF_CHECK(ok[1]);
}

#include "actors/sim/pacer.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include <time.h>

namespace lume::sim {

namespace {

constexpr std::uint64_t ns_per_s = 1'000'000'000;

} // namespace

pacer::pacer(tick_rate rate, clock::time_point start) : rate_(rate), start_(start) {
  rate_.ticks = std::max<std::uint64_t>(rate_.ticks, 1);
  rate_.seconds = std::max<std::uint64_t>(rate_.seconds, 1);
}

pacer::clock::time_point pacer::deadline(std::uint64_t n) const {
  const unsigned __int128 ns
    = static_cast<unsigned __int128>(n) * rate_.seconds * ns_per_s / rate_.ticks;
  return start_ + std::chrono::nanoseconds(static_cast<std::int64_t>(ns));
}

std::uint64_t pacer::tick_at(clock::time_point now) const {
  if (now <= start_)
    return 0;
  const auto ns = static_cast<unsigned __int128>((now - start_).count());
  return static_cast<std::uint64_t>(ns * rate_.ticks / (static_cast<unsigned __int128>(rate_.seconds) * ns_per_s));
}

std::uint64_t pacer::ticks_within(double seconds) const {
  if (!(seconds > 0))
    return 0;
  const double exact = seconds * static_cast<double>(rate_.ticks) / static_cast<double>(rate_.seconds);
  return static_cast<std::uint64_t>(std::ceil(exact - 1e-9));
}

bool sleep_until(pacer::clock::time_point deadline, const std::atomic<bool>& stop) {
  constexpr auto slice = std::chrono::milliseconds(50);
  for (;;) {
    if (stop.load(std::memory_order_relaxed))
      return false;
    const auto now = pacer::clock::now();
    if (now >= deadline)
      return true;
    std::this_thread::sleep_until(std::min(deadline, now + slice));
  }
}

std::int64_t monotonic_raw_us() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

double unix_time_s() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration<double>(since_epoch).count();
}

} // namespace lume::sim

#include "actors/sim/stream_runner.hpp"

#include <chrono>
#include <limits>

namespace lume::sim {

stream_run run_stream(stream_source& source, datagram_sink& out, std::optional<double> seconds,
                      const std::atomic<bool>& stop) {
  const pacer pace{source.rate(), pacer::clock::now()};
  const std::uint64_t end_tick
    = seconds ? pace.ticks_within(*seconds) : std::numeric_limits<std::uint64_t>::max();
  stream_run run;
  std::uint64_t n = 0;
  while (n < end_tick && sleep_until(pace.deadline(n), stop)) {
    const auto now = pacer::clock::now();
    if (now - pace.deadline(n) > std::chrono::milliseconds(max_lateness_ms)) {
      const std::uint64_t due = pace.tick_at(now);
      run.ticks_skipped += due - n;
      n = due;
      if (n >= end_tick)
        break;
    }
    source.emit(n, {monotonic_raw_us(), unix_time_s()}, out);
    ++run.ticks;
    ++n;
  }
  if (seconds)
    sleep_until(pace.start() + std::chrono::duration_cast<pacer::clock::duration>(
                                 std::chrono::duration<double>(*seconds)),
                stop);
  run.seconds = std::chrono::duration<double>(pacer::clock::now() - pace.start()).count();
  return run;
}

} // namespace lume::sim

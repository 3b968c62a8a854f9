#include "tools/lume-sim/replayer.hpp"

#include <algorithm>
#include <chrono>

#include "actors/sim/pacer.hpp"

namespace lume::sim {

namespace {

using clock = pacer::clock;

constexpr std::uint64_t min_loop_gap_us = 1000;

clock::time_point due(clock::time_point start, std::uint64_t recording_us, double speed) {
  const double ns = static_cast<double>(recording_us) * 1000.0 / speed;
  return start + std::chrono::nanoseconds(static_cast<std::int64_t>(ns));
}

} // namespace

std::variant<replay_run, std::string> replay(net::recording_reader& in, datagram_sink& out,
                                             const replay_options& options,
                                             const std::atomic<bool>& stop) {
  const double speed = options.speed > 0 ? options.speed : 1.0;
  const auto start = clock::now();
  const auto end = options.seconds
                     ? start + std::chrono::duration_cast<clock::duration>(
                                 std::chrono::duration<double>(*options.seconds))
                     : clock::time_point::max();
  replay_run run;
  run.passes = 1;
  replay_rewriter rewriter(options.rebase, {monotonic_raw_us(), unix_time_s()});
  rewriter.begin_pass(0);
  net::recorded_datagram record;
  std::uint64_t pass_offset_us = 0;
  std::uint64_t pass_records = 0;
  std::uint64_t last_t_us = 0;
  for (;;) {
    const net::read_result r = in.next(record);
    if (r == net::read_result::end) {
      if (!options.loop || pass_records == 0)
        break;
      const std::uint64_t mean_gap_us = pass_records > 1 ? last_t_us / (pass_records - 1) : 0;
      pass_offset_us += last_t_us + std::max(mean_gap_us, min_loop_gap_us);
      pass_records = 0;
      if (!in.rewind())
        return "cannot rewind '" + in.path() + "'";
      ++run.passes;
      rewriter.begin_pass(pass_offset_us);
      continue;
    }
    if (r != net::read_result::record)
      return "'" + in.path() + "': " + net::to_string(r) + " at byte "
             + std::to_string(in.offset());
    const auto deadline = due(start, pass_offset_us + record.t_us, speed);
    if (deadline >= end || !sleep_until(deadline, stop))
      break;
    const auto [data, size] = rewriter.rewrite(record.bytes.data(), record.bytes.size());
    out.send(data, size);
    ++run.datagrams;
    ++pass_records;
    last_t_us = record.t_us;
  }
  run.rewritten = rewriter.counts();
  run.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return run;
}

} // namespace lume::sim

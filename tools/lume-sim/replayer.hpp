#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "actors/sim/datagram_sink.hpp"
#include "net/recording_format.hpp"
#include "tools/lume-sim/replay_rewriter.hpp"

namespace lume::sim {

struct replay_options {
  double speed = 1.0; ///< > 0: intervals are divided by it
  bool loop = false;  ///< start over at the end of the recording
  /// Rewrite the first pass too, as a session starting now (replay_rewriter).
  bool rebase = false;
  std::optional<double> seconds; ///< stop after this long, seconds
};

/// What a replay sent.
struct replay_run {
  std::uint64_t datagrams = 0; ///< handed to the sink
  std::uint64_t passes = 0;    ///< times the recording was started
  rewrite_counts rewritten;    ///< what carrying on (loop) or rebasing changed
  double seconds = 0;          ///< wall time of the run
};

/// Sends the recording's datagrams to `out`, record k at
/// start + (pass offset + t_us of k) / speed on the steady clock: deadlines
/// are absolute, so timing errors never accumulate. With `loop`, pass p + 1
/// starts one mean inter-arrival interval (at least 1 ms) after the last
/// record of pass p. From the second pass on (from the first with `rebase`)
/// frame numbers and sender clocks carry on (replay_rewriter), so the
/// receiver sees one continuous session. Returns when the recording ends
/// (without `loop`), after `seconds`, or when `stop` is set; an error text
/// for a damaged recording.
std::variant<replay_run, std::string> replay(net::recording_reader& in, datagram_sink& out,
                                             const replay_options& options,
                                             const std::atomic<bool>& stop);

} // namespace lume::sim

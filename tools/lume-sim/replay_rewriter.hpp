#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "actors/sim/stream_source.hpp"
#include "net/mocopi_types.hpp"

namespace lume::sim {

/// What a replay_rewriter did.
struct rewrite_counts {
  std::uint64_t mocopi_frames = 0;    ///< `fram` datagrams re-encoded
  std::uint64_t lum_datagrams = 0;    ///< LUMD/LUMF/LUMM headers rewritten
  std::uint64_t passed_through = 0;   ///< sent as recorded (skeletons, OSC, anything else)
  std::uint64_t clocks_held_back = 0; ///< clocks moved up to stay after the previous frame's
};

/// Rewrites a replayed recording's frame numbers and sender clocks so that
/// every pass of a looped replay continues the stream the previous pass
/// left off, as one long session would: mocopi `fnum`, `time` and `uttm`,
/// LUM `sequence` and `origin_time_us`. With `rebase`, the first pass is
/// rewritten too, as a session that starts at the replay: frame numbers
/// from 0, `time` from 0, `uttm` and `origin_time_us` from the clocks at
/// the start.
///
/// Frame numbers carry on by counting: pass p + 1 starts one after the last
/// number pass p sent, per stream (mocopi; each LUM kind and stream id).
/// Clocks move with the replay's timeline: each pass's clocks shift by the
/// pass's offset in the recording (pass_offset_us of replay()), so they
/// advance with the replayer's wall clock however many passes there are; a
/// clock that would not come after the previous frame's (a sender whose
/// first datagrams arrived late) is held just after it.
///
/// The datagrams go through LUME's own codecs: a mocopi frame is decoded
/// and re-encoded (decode_mocopi_datagram, encode_mocopi_frame: unknown
/// chunks and unusable bone records are left out, as the receiver would
/// leave them out), a LUM header is parsed and written back
/// (parse_lum_header, write_lum_header). Whatever neither decodes (mocopi
/// skeletons, phone OSC, damaged datagrams) is sent as recorded.
class replay_rewriter {
public:
  /// `start`: the clocks when the replay starts (used by `rebase`).
  replay_rewriter(bool rebase, capture_clock start);

  /// A new pass starts `pass_offset_us` after the first record in the
  /// recording's timeline (0 for the first pass).
  void begin_pass(std::uint64_t pass_offset_us);

  /// The datagram to send for the recorded `data`: `data` itself or a
  /// rewritten copy valid until the next call.
  std::pair<const std::uint8_t*, std::size_t> rewrite(const std::uint8_t* data, std::size_t size);

  const rewrite_counts& counts() const { return counts_; }

private:
  /// One frame-numbered stream with a sender clock.
  struct stream {
    std::uint32_t first_number = 0;   ///< of the recording's first frame
    std::uint32_t number_offset = 0;  ///< added this pass (wraps)
    double first_clock = 0;           ///< clock of the recording's first frame
    double first_unix = 0;            ///< mocopi `uttm` of the first frame
    std::optional<std::uint32_t> last_number; ///< sent last
    double last_clock = 0;
    double last_unix = 0;
  };

  stream& stream_for(std::map<unsigned, stream>& streams, unsigned key, std::uint32_t number,
                     double clock, double unix_s);
  bool rewrite_lum(const std::uint8_t* data, std::size_t size);
  bool rewrite_mocopi(const std::uint8_t* data, std::size_t size);
  bool rewriting() const { return rebase_ || pass_ > 0; }

  bool rebase_;
  capture_clock start_;
  std::uint64_t pass_ = 0;
  double shift_s_ = 0; ///< this pass's offset in the recording, seconds
  std::map<unsigned, stream> mocopi_;
  std::map<unsigned, stream> lum_; ///< by kind · 256 + stream id
  net::mocopi_frame frame_;
  std::vector<std::uint8_t> buffer_;
  rewrite_counts counts_;
};

} // namespace lume::sim

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "net/lum_header.hpp"
#include "net/lum_refusal.hpp"

namespace lume::net {

/// What a LUM receiver saw: one field per outcome and per refusal reason.
struct lum_reassembly_counters {
  std::uint64_t datagrams = 0;                 ///< every datagram pushed
  std::uint64_t fragments_stored = 0;          ///< accepted fragments
  std::uint64_t frames_completed = 0;          ///< frames handed out whole
  std::uint64_t frames_dropped_incomplete = 0; ///< frames given up with a fragment missing
  std::uint64_t stream_restarts = 0;           ///< sender's sequence jumped far back
  // Refusals, named as in lum_refusal.
  std::uint64_t truncated = 0;
  std::uint64_t trailing_bytes = 0;
  std::uint64_t bad_magic = 0;
  std::uint64_t wrong_kind = 0;
  std::uint64_t bad_version = 0;
  std::uint64_t bad_fragment_count = 0;
  std::uint64_t bad_fragment_index = 0;
  std::uint64_t fragment_size_mismatch = 0;
  std::uint64_t frame_too_large = 0;
  std::uint64_t frame_header_mismatch = 0;
  std::uint64_t duplicate_fragment = 0;
  std::uint64_t stale_fragment = 0;
};

/// The refusal counter of `reason` in `counters`.
std::uint64_t& counter_of(lum_reassembly_counters& counters, lum_refusal reason);

/// Bounds of a receiver's memory and patience.
struct lum_reassembly_limits {
  std::size_t max_frame_bytes = 1u << 22; ///< larger frames are refused (frame_too_large)
  std::size_t frames_in_flight = 4;       ///< more incomplete frames evict the oldest
  std::uint32_t restart_distance = 64;    ///< a sequence this far behind is a restarted sender
};

/// A reassembled frame. `payload` stays valid until the next push().
struct lum_frame {
  std::uint8_t stream_id = 0;
  std::uint32_t sequence = 0;
  std::int64_t origin_time_us = 0;
  const std::uint8_t* payload = nullptr;
  std::size_t size = 0;
};

enum class lum_push_outcome : std::uint8_t {
  stored,    ///< fragment kept; its frame is still incomplete
  completed, ///< fragment completed its frame: see `frame`
  refused,   ///< datagram refused: see `refusal`
};

struct lum_push_result {
  lum_push_outcome outcome = lum_push_outcome::stored;
  lum_refusal refusal = lum_refusal::truncated; ///< meaningful when refused
  lum_frame frame;                              ///< meaningful when completed
};

/// Reassembles the datagrams of one LUM kind (one UDP port), from any number
/// of stream ids, arriving in any order. A frame is handed out once all its
/// fragments arrived; older incomplete frames of the same stream are then
/// dropped, as is the oldest frame when more than `frames_in_flight` are
/// open. Buffers are reused: a slot allocates only when a frame is larger
/// than any it held before, and never clears one (every byte of a frame
/// handed out came from its fragments): a datagram that opens a frame of
/// 4 MiB costs no 4 MiB of writing.
class lum_reassembler {
public:
  explicit lum_reassembler(lum_kind kind, lum_reassembly_limits limits = {});

  lum_push_result push(const std::uint8_t* datagram, std::size_t size);

  const lum_reassembly_counters& counters() const { return counters_; }

private:
  struct slot {
    bool busy = false;
    std::uint64_t started = 0; ///< push tick of its first fragment
    lum_header header;         ///< fragment fields unused
    std::uint16_t received = 0;
    std::vector<std::uint8_t> have;
    std::unique_ptr<std::uint8_t[]> data; ///< `capacity` bytes, uninitialised
    std::size_t capacity = 0;
  };
  struct stream_state {
    bool retired_any = false;
    std::uint32_t retired_through = 0; ///< newest sequence completed or dropped
  };

  lum_push_result refuse(lum_refusal reason);
  slot* find_slot(const lum_header& h);
  slot& open_slot(const lum_header& h);
  void retire(std::uint8_t stream_id, std::uint32_t sequence);
  void drop_stream(std::uint8_t stream_id);

  lum_kind kind_;
  lum_reassembly_limits limits_;
  lum_reassembly_counters counters_;
  std::vector<slot> slots_;
  std::array<stream_state, 256> streams_{};
  std::uint64_t tick_ = 0;
};

} // namespace lume::net

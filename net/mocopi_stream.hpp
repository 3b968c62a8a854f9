#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "net/mocopi_refusal.hpp"
#include "net/mocopi_types.hpp"

namespace lume::net {

/// What a mocopi receiver saw: one field per outcome and per refusal reason.
struct mocopi_counters {
  std::uint64_t datagrams = 0;         ///< every datagram pushed
  std::uint64_t skeletons = 0;         ///< skeletons accepted (each replaces the rig)
  std::uint64_t frames = 0;            ///< frames accepted
  std::uint64_t lost_frames = 0;       ///< frame numbers skipped within a session
  std::uint64_t session_restarts = 0;  ///< the sender started counting anew
  std::uint64_t incomplete_frames = 0; ///< accepted frames lacking some of the rig's bones
  std::uint64_t unusable_bones = 0;    ///< bone records left out of decoded frames
  std::uint64_t datagrams_with_unread_chunks = 0;
  // Refusals, named as in mocopi_refusal.
  std::uint64_t truncated_chunk_header = 0;
  std::uint64_t chunk_overrun = 0;
  std::uint64_t missing_head = 0;
  std::uint64_t bad_format_name = 0;
  std::uint64_t bad_version = 0;
  std::uint64_t duplicate_chunk = 0;
  std::uint64_t both_kinds = 0;
  std::uint64_t no_kind = 0;
  std::uint64_t missing_field = 0;
  std::uint64_t bad_field_size = 0;
  std::uint64_t bad_clock = 0;
  std::uint64_t no_bones = 0;
  std::uint64_t too_many_bones = 0;
  std::uint64_t duplicate_bone = 0;
  std::uint64_t bad_rest_transform = 0;
  std::uint64_t bad_hierarchy = 0;
  std::uint64_t duplicate_frame = 0;
  std::uint64_t stale_frame = 0;
  std::uint64_t no_skeleton = 0;
  std::uint64_t rig_mismatch = 0;
};

/// The refusal counter of `reason` in `counters`.
std::uint64_t& counter_of(mocopi_counters& counters, mocopi_refusal reason);

/// Sum of all refusal counters.
std::uint64_t refusals(const mocopi_counters& counters);

struct mocopi_stream_limits {
  /// Without `uttm`, a frame number at most this far back is a late packet;
  /// farther back is a restarted session.
  std::uint32_t reorder_window = 4;
};

enum class mocopi_event_kind : std::uint8_t { skeleton, frame, refused };

/// The outcome of one datagram. Pointers stay valid until the next push().
struct mocopi_event {
  mocopi_event_kind kind = mocopi_event_kind::refused;
  mocopi_refusal refusal = mocopi_refusal::missing_head; ///< when refused
  const mocopi_skeleton* skeleton = nullptr;            ///< when skeleton: the new rig
  const mocopi_frame* frame = nullptr;                  ///< when frame
  std::uint32_t lost_before = 0;  ///< frames lost right before this one
  bool session_restarted = false; ///< this frame began a new session
  bool incomplete = false;        ///< the frame lacks some of the rig's bones
};

/// One mocopi sender's stream: decodes datagrams, follows frame numbers
/// across loss, duplicates, late packets and session restarts, and keeps the
/// skeleton (rig) frames are checked against.
///
/// A restart is a frame number going backwards while `uttm` moves forwards
/// (or, without `uttm`, further back than the reorder window), or `time`
/// going backwards while the number advances. It drops the rig: frames are
/// refused (no_skeleton) until the next skeleton datagram, which the app
/// repeats every few seconds.
class mocopi_stream {
public:
  explicit mocopi_stream(mocopi_stream_limits limits = {});

  mocopi_event push(const std::uint8_t* data, std::size_t size);

  const mocopi_counters& counters() const { return counters_; }

  /// The skeleton of the current session, or nullptr before one arrived.
  const mocopi_skeleton* rig() const { return rig_ ? &*rig_ : nullptr; }

private:
  enum class step : std::uint8_t { first, next, restart, duplicate, stale };
  struct frame_mark {
    std::uint32_t number = 0;
    float time_s = 0;
    std::optional<double> unix_time_s;
  };

  step classify(const mocopi_frame& frame) const;
  mocopi_event refuse(mocopi_refusal reason, mocopi_event event = {});
  mocopi_event accept_skeleton(const mocopi_skeleton& skeleton);
  mocopi_event accept_frame(const mocopi_frame& frame);

  mocopi_stream_limits limits_;
  mocopi_counters counters_;
  std::optional<mocopi_skeleton> rig_;
  mocopi_frame frame_;
  std::optional<frame_mark> last_;
};

} // namespace lume::net

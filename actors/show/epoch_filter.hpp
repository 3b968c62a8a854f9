#pragma once

#include <cstdint>

namespace lume {

/// A consumer's guard against stale and repeated outputs of a movable
/// actor (director_cut, session_state, ...): each output carries the
/// producer's placement `epoch` and a `seq` that continues across failovers.
///
/// An epoch below the newest seen is an old incarnation still talking (a
/// healed partition): dropped. Seqs are checked across epochs (a successor
/// resumes the seq from a checkpoint and may resend what its predecessor
/// decided) with a sliding window as in IPsec's anti-replay check (RFC 4303,
/// 3.4.3): outputs may arrive out of seq order (the director numbers
/// decisions when it takes them; a section change on the next phrase lands
/// after a camera cut decided later), so the filter remembers which of the
/// `window` seqs below the newest it has taken. A seq taken before, or older
/// than the window, is dropped as repeated, except from a newer epoch: a
/// successor that starts below the window had no checkpoint (a pinned
/// producer's restart, every replica lost) and numbers from scratch, so
/// the filter starts over with it.
class epoch_filter {
public:
  /// Seqs below the newest that are still told apart.
  static constexpr uint64_t window = 64;

  /// Why an output was or was not taken.
  enum class verdict { fresh, stale_epoch, repeated_seq };

  /// Checks one output and, when fresh, remembers it.
  verdict admit(uint64_t epoch, uint64_t seq) {
    if (seen_ && epoch < epoch_) {
      ++stale_;
      return verdict::stale_epoch;
    }
    const bool restarted = seen_ && epoch > epoch_ && seq + window <= seq_;
    if (!seen_ || seq > seq_ || restarted) {
      const uint64_t shift = seen_ && !restarted ? seq - seq_ : window;
      taken_ = shift >= window ? 0 : taken_ << shift;
      taken_ |= 1;
      seen_ = true;
      seq_ = seq;
      epoch_ = epoch;
      return verdict::fresh;
    }
    const uint64_t age = seq_ - seq;
    const uint64_t bit = uint64_t{1} << (age < window ? age : 0);
    if (age >= window || (taken_ & bit) != 0) {
      ++repeated_;
      return verdict::repeated_seq;
    }
    taken_ |= bit;
    epoch_ = epoch;
    return verdict::fresh;
  }

  /// Shorthand: admit(...) == fresh.
  bool fresh(uint64_t epoch, uint64_t seq) {
    return admit(epoch, seq) == verdict::fresh;
  }

  /// Newest epoch and highest seq taken.
  uint64_t epoch() const { return epoch_; }
  uint64_t seq() const { return seq_; }
  /// Outputs dropped for a stale epoch and for a repeated seq.
  uint64_t stale() const { return stale_; }
  uint64_t repeated() const { return repeated_; }

private:
  bool seen_ = false;
  uint64_t epoch_ = 0;
  uint64_t seq_ = 0;
  /// Bit i: seq_ - i was taken.
  uint64_t taken_ = 0;
  uint64_t stale_ = 0;
  uint64_t repeated_ = 0;
};

} // namespace lume

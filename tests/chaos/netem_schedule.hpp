// When lume-netem lets each queued packet go (tests/chaos/netem_queue.cpp):
// netem's delay, jitter and reorder, decided per packet from a seeded
// generator, kept in a min-heap by due time. Knows nothing of netlink: it
// hands packet ids to a callback when they are due.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <vector>

namespace lume::netem {

using clock = std::chrono::steady_clock;

struct schedule_options {
  std::chrono::milliseconds delay{0};
  std::chrono::milliseconds jitter{0}; ///< delay ± jitter, uniform, at least 0
  unsigned reorder_percent = 0;        ///< this share goes at once, as netem's `reorder`
  std::uint64_t seed = 1;
};

struct schedule_counters {
  std::uint64_t received = 0;  ///< packets admitted
  std::uint64_t held = 0;      ///< admitted with a delay
  std::uint64_t immediate = 0; ///< let through at once (the reorder share)
  std::uint64_t released = 0;  ///< handed to the callback (held or immediate)
  std::uint64_t reordered = 0; ///< released while one that came earlier on its lane is held
  std::uint64_t flushed = 0;   ///< released early by release_all (exit)
  std::uint64_t late = 0;      ///< released more than late_after past their due time
  std::int64_t worst_late_us = 0;
};

/// A release this far past its due time counts as late (lume-netem starved
/// of CPU, or a poll that woke late).
constexpr std::chrono::milliseconds late_after{2};

class release_schedule {
public:
  using accept_fn = std::function<void(std::uint32_t packet_id)>;

  explicit release_schedule(const schedule_options& opts)
    : opts_(opts), rng_(opts.seed) {}

  /// Reordering is counted per lane: a direction (the netfilter hook a
  /// packet was queued from), as netem on one side of a link would.
  static constexpr std::size_t lanes = 8;

  /// A packet that arrived at `now` on `lane` (taken modulo `lanes`):
  /// released at once (through `accept`) or held.
  void admit(std::uint32_t packet_id, unsigned lane, clock::time_point now,
             const accept_fn& accept) {
    lane %= lanes;
    const auto arrival = next_arrival_++;
    ++counters_.received;
    if (opts_.reorder_percent > 0 && percent_(rng_) < opts_.reorder_percent) {
      ++counters_.immediate;
      release({now, arrival, packet_id, lane}, accept);
      return;
    }
    std::chrono::microseconds hold = opts_.delay;
    if (opts_.jitter.count() > 0) {
      const long long j = std::chrono::microseconds(opts_.jitter).count();
      hold += std::chrono::microseconds(std::uniform_int_distribution<long long>(-j, j)(rng_));
      if (hold.count() < 0)
        hold = std::chrono::microseconds(0);
    }
    heap_.push({now + hold, arrival, packet_id, lane});
    held_arrivals_[lane].insert(arrival);
    ++counters_.held;
  }

  /// When the next held packet is due (none held: nullopt).
  std::optional<clock::time_point> next_due() const {
    if (heap_.empty())
      return std::nullopt;
    return heap_.top().due;
  }

  /// Releases every held packet due at `now`, earliest due first.
  void release_due(clock::time_point now, const accept_fn& accept) {
    while (!heap_.empty() && heap_.top().due <= now) {
      const auto late = now - heap_.top().due;
      if (late > late_after)
        ++counters_.late;
      counters_.worst_late_us = std::max<std::int64_t>(
        counters_.worst_late_us,
        std::chrono::duration_cast<std::chrono::microseconds>(late).count());
      pop_and_release(accept);
    }
  }

  /// Releases every held packet now (the program's exit), in due order.
  void release_all(const accept_fn& accept) {
    while (!heap_.empty()) {
      ++counters_.flushed;
      pop_and_release(accept);
    }
  }

  std::size_t size() const { return heap_.size(); }
  const schedule_counters& counters() const { return counters_; }

private:
  struct entry {
    clock::time_point due;
    std::uint64_t arrival;
    std::uint32_t packet_id;
    unsigned lane;
    // std::priority_queue is a max-heap: the earliest due (then the
    // earliest arrival) compares greatest.
    bool operator<(const entry& other) const {
      if (due != other.due)
        return due > other.due;
      return arrival > other.arrival;
    }
  };

  void pop_and_release(const accept_fn& accept) {
    const entry e = heap_.top();
    heap_.pop();
    held_arrivals_[e.lane].erase(e.arrival);
    release(e, accept);
  }

  void release(const entry& e, const accept_fn& accept) {
    const auto& held = held_arrivals_[e.lane];
    if (!held.empty() && *held.begin() < e.arrival)
      ++counters_.reordered;
    ++counters_.released;
    accept(e.packet_id);
  }

  schedule_options opts_;
  std::mt19937_64 rng_;
  std::uniform_int_distribution<unsigned> percent_{0, 99};
  std::priority_queue<entry> heap_;
  std::array<std::set<std::uint64_t>, lanes> held_arrivals_;
  std::uint64_t next_arrival_ = 0;
  schedule_counters counters_;
};

} // namespace lume::netem

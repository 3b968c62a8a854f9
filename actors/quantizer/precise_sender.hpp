#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/message.hpp>

#include "net/udp_sender.hpp"
#include "system/clock/beat_clock.hpp"
#include "system/log/log.hpp"

namespace lume {

/// One datagram destination of the quantizer, opened once and shared by
/// every delivery to it; the precise thread and the actor count on it. A
/// refused send is a lost cut: said at warn (worth_a_line; the precise
/// thread sends, one at a time).
struct datagram_endpoint {
  net::udp_sender socket;
  std::shared_ptr<spdlog::logger> log;
  std::atomic<uint64_t> sent{0};
  std::atomic<uint64_t> errors{0};

  void send(const std::vector<uint8_t>& bytes) {
    if (socket.send(bytes.data(), bytes.size())) {
      ++sent;
      return;
    }
    const uint64_t n = ++errors;
    if (worth_a_line(n))
      log->warn("quantizer: a datagram to {} was refused ({} so far): {}", socket.endpoint(), n,
                std::strerror(socket.last_error()));
  }
};

/// The quantizer's last step on a thread of its own: the quantizer hands a
/// delivery over its `lead` ahead (its coarse CAF timer), this thread sleeps
/// until `spin_margin` before the delivery time, spins on the host clock
/// (precise_wait), then sends the delivery's datagram (if any) to its
/// endpoints and enqueues the payload (if any) to the target. No CAF scheduler
/// thread ever blocks for the final wait. Delivery times are re-read from
/// the clock (beat, quantum, lookahead) before every wait, so a tempo change
/// up to the final spin still moves the delivery. Each outcome goes back to
/// the quantizer: `(fired, id, error_us)` or, when the time had passed by
/// more than `tolerance` before the thread got to it, or when the delivery
/// says at the last moment that it is superseded, `(missed, id)`.
/// The clock's `now()` must be the host clock (link_clock).
class precise_sender {
public:
  /// One delivery handed over by the quantizer.
  struct delivery {
    uint64_t id = 0;
    /// Grid position on the timeline read with `quantum`.
    double beat = 0;
    double quantum = 4;
    micros lookahead{0};
    /// Later than this past its time when the thread gets to it: missed.
    micros tolerance{1000};
    caf::actor target;
    caf::message payload;
    /// Sent before the payload is enqueued (a datagram goes at the grid
    /// time: the quantizer gives such a delivery no lookahead).
    std::shared_ptr<const std::vector<uint8_t>> datagram;
    std::vector<std::shared_ptr<datagram_endpoint>> datagram_to;
    /// Asked at the last moment: true drops the delivery (reported as
    /// missed). Empty: always sent.
    std::function<bool()> superseded;
  };

  /// Starts the thread; `quantizer` gets the outcomes and is the sender of
  /// every payload. With `realtime`, tries SCHED_FIFO for the thread.
  precise_sender(std::shared_ptr<const beat_clock> clock, caf::actor_addr quantizer,
                 micros spin_margin, bool realtime);

  /// Stops and joins the thread; deliveries not yet sent are dropped.
  ~precise_sender();

  precise_sender(const precise_sender&) = delete;
  precise_sender& operator=(const precise_sender&) = delete;

  /// Takes over a delivery.
  void post(delivery d);

  /// The clock changed: re-reads every delivery time now.
  void retime();

  /// Whether the thread runs with SCHED_FIFO.
  bool realtime() const {
    return realtime_.load(std::memory_order_relaxed);
  }

private:
  void run(bool realtime);
  micros deliver_time(const delivery& d) const;
  void send(delivery& d, micros deliver);

  std::shared_ptr<const beat_clock> clock_;
  caf::actor_addr quantizer_;
  const micros spin_margin_;
  std::atomic<bool> realtime_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<delivery> queue_;
  bool stop_ = false;
  std::thread thread_;
};

} // namespace lume

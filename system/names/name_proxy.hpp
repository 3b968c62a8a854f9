#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <string>

#include <caf/actor.hpp>
#include <caf/detail/shared_spinlock.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/monitorable_actor.hpp>
#include <spdlog/logger.h>

namespace lume {

/// Lifecycle of a named actor, as the inspection protocol reports it.
enum class name_status : uint8_t { running, restarting, stopped };

const char* to_string(name_status x);

/// The stable address of a supervised actor. Senders hold the proxy; the
/// proxy hands every message straight to the current incarnation on the
/// sender's own thread (no extra scheduling hop). While the incarnation
/// restarts or moves, messages wait in a bounded queue and are delivered in
/// order to the next incarnation. Messages past the bound are dropped,
/// counted and logged (once when the queue fills, once when it drains).
/// As in OTP, messages already in the mailbox of an incarnation that crashes
/// die with it; a stop on purpose calls `suspend` first and loses nothing.
class name_proxy : public caf::monitorable_actor {
public:
  /// Receives a rendering of each traced message.
  using trace_sink = caf::actor;

  name_proxy(caf::actor_config& cfg, std::string name, size_t queue_bound);

  void enqueue(caf::mailbox_element_ptr what, caf::execution_unit* host) override;

  const char* name() const override;

  /// Makes `incarnation` the target and flushes the queued messages to it.
  /// When the incarnation terminates the proxy starts queueing by itself.
  void bind(caf::actor incarnation);

  /// Forwards to the name proxy of `node`, which hosts the actor; flushes
  /// the queue there. Queues again when that proxy becomes unreachable.
  void bind_remote(caf::actor remote, std::string node);

  /// The node this name is served from when bound remotely; empty if local.
  std::string remote_node() const;

  /// Starts queueing now, before the current incarnation is stopped on
  /// purpose (operator kill, migration): no message is handed to a mailbox
  /// that is about to close.
  void suspend();

  /// Marks the name as stopped: no incarnation follows, messages bounce.
  void release();

  /// Sends the next `count` messages' renderings to `sink` as strings.
  void trace(caf::actor sink, uint32_t count);

  /// The current incarnation (invalid while restarting or stopped).
  caf::actor current() const;

  name_status status() const;
  uint64_t delivered() const {
    return delivered_.load(std::memory_order_relaxed);
  }
  uint64_t dropped() const {
    return dropped_.load(std::memory_order_relaxed);
  }
  /// Incarnations bound so far; restarts are all but the first.
  uint64_t incarnations() const {
    return incarnations_.load(std::memory_order_relaxed);
  }
  uint64_t restarts() const {
    auto n = incarnations();
    return n > 0 ? n - 1 : 0;
  }
  size_t queued() const;

private:
  /// Sends to `target` from now on (on `node`, empty if local) and
  /// delivers the queue there first.
  void retarget(caf::actor target, std::string node);
  void on_incarnation_down(const caf::actor_addr& who);
  void attach_to(const caf::actor& target);
  /// Delivers the queue to `target_`; returns how many were dropped while
  /// it was full.
  uint64_t flush_queue();
  void deliver(caf::abstract_actor* target, caf::mailbox_element_ptr what,
               caf::execution_unit* host);
  void maybe_trace(const caf::mailbox_element& what);

  std::string name_;
  size_t queue_bound_;
  mutable caf::detail::shared_spinlock mtx_;
  caf::actor target_;
  name_status status_ = name_status::restarting;
  std::string remote_node_;
  std::deque<caf::mailbox_element_ptr> queue_;
  /// Dropped since the queue last drained.
  uint64_t overflow_ = 0;
  std::shared_ptr<spdlog::logger> log_;
  caf::actor trace_sink_;
  std::atomic<uint32_t> trace_left_{0};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> incarnations_{0};
};

} // namespace lume

#include "system/names/name_proxy.hpp"

#include <mutex>
#include <shared_mutex>
#include <utility>

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "system/log/log.hpp"

namespace lume {

const char* to_string(name_status x) {
  switch (x) {
    case name_status::running: return "running";
    case name_status::restarting: return "restarting";
    case name_status::stopped: return "stopped";
  }
  return "?";
}

name_proxy::name_proxy(caf::actor_config& cfg, std::string name, size_t queue_bound)
  : caf::monitorable_actor(cfg), name_(std::move(name)), queue_bound_(queue_bound),
    log_(role_logger("names")) {
}

const char* name_proxy::name() const {
  return name_.c_str();
}

void name_proxy::enqueue(caf::mailbox_element_ptr what, caf::execution_unit* host) {
  {
    std::shared_lock<caf::detail::shared_spinlock> guard{mtx_};
    if (target_) {
      deliver(caf::actor_cast<caf::abstract_actor*>(target_), std::move(what), host);
      return;
    }
  }
  std::unique_lock<caf::detail::shared_spinlock> guard{mtx_};
  if (target_) {
    deliver(caf::actor_cast<caf::abstract_actor*>(target_), std::move(what), host);
    return;
  }
  if (status_ == name_status::stopped) {
    bounce(what, caf::sec::request_receiver_down);
    return;
  }
  if (queue_.size() >= queue_bound_) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    bounce(what, caf::sec::request_receiver_down);
    if (overflow_++ == 0) {
      guard.unlock();
      log_->warn("name {} drops messages: {} already wait for its next incarnation", name_,
                 queue_bound_);
    }
    return;
  }
  queue_.push_back(std::move(what));
}

void name_proxy::deliver(caf::abstract_actor* target, caf::mailbox_element_ptr what,
                         caf::execution_unit* host) {
  if (trace_left_.load(std::memory_order_relaxed) > 0)
    maybe_trace(*what);
  delivered_.fetch_add(1, std::memory_order_relaxed);
  target->enqueue(std::move(what), host);
}

void name_proxy::maybe_trace(const caf::mailbox_element& what) {
  auto left = trace_left_.load();
  while (left > 0 && !trace_left_.compare_exchange_weak(left, left - 1)) {
    // Retry with the fresh value.
  }
  if (left > 0)
    caf::anon_send(trace_sink_, caf::to_string(what.content()));
}

uint64_t name_proxy::flush_queue() {
  auto target = caf::actor_cast<caf::abstract_actor*>(target_);
  for (auto& x : queue_)
    deliver(target, std::move(x), nullptr);
  queue_.clear();
  return std::exchange(overflow_, 0);
}

void name_proxy::bind(caf::actor incarnation) {
  incarnations_.fetch_add(1, std::memory_order_relaxed);
  retarget(std::move(incarnation), {});
}

void name_proxy::bind_remote(caf::actor remote, std::string node) {
  retarget(std::move(remote), std::move(node));
}

void name_proxy::retarget(caf::actor target, std::string node) {
  uint64_t lost = 0;
  {
    std::unique_lock<caf::detail::shared_spinlock> guard{mtx_};
    target_ = target;
    remote_node_ = std::move(node);
    status_ = name_status::running;
    lost = flush_queue();
  }
  attach_to(target);
  if (lost > 0)
    log_->warn("name {} dropped {} messages while it had no incarnation", name_, lost);
}

std::string name_proxy::remote_node() const {
  std::shared_lock<caf::detail::shared_spinlock> guard{mtx_};
  return remote_node_;
}

void name_proxy::attach_to(const caf::actor& target) {
  auto addr = target.address();
  caf::strong_actor_ptr self{ctrl()};
  caf::actor_cast<caf::abstract_actor*>(target)->attach_functor(
    [self, addr](const caf::error&) {
      static_cast<name_proxy*>(caf::actor_cast<caf::abstract_actor*>(self))
        ->on_incarnation_down(addr);
    });
}

void name_proxy::on_incarnation_down(const caf::actor_addr& who) {
  std::unique_lock<caf::detail::shared_spinlock> guard{mtx_};
  if (target_ && target_.address() == who) {
    target_ = nullptr;
    remote_node_.clear();
    if (status_ == name_status::running)
      status_ = name_status::restarting;
  }
}

void name_proxy::suspend() {
  std::unique_lock<caf::detail::shared_spinlock> guard{mtx_};
  target_ = nullptr;
  remote_node_.clear();
  if (status_ == name_status::running)
    status_ = name_status::restarting;
}

void name_proxy::release() {
  std::unique_lock<caf::detail::shared_spinlock> guard{mtx_};
  target_ = nullptr;
  status_ = name_status::stopped;
  for (auto& x : queue_)
    bounce(x, caf::sec::request_receiver_down);
  queue_.clear();
  overflow_ = 0;
}

void name_proxy::trace(caf::actor sink, uint32_t count) {
  std::unique_lock<caf::detail::shared_spinlock> guard{mtx_};
  trace_sink_ = std::move(sink);
  trace_left_ = count;
}

caf::actor name_proxy::current() const {
  std::shared_lock<caf::detail::shared_spinlock> guard{mtx_};
  return target_;
}

name_status name_proxy::status() const {
  std::shared_lock<caf::detail::shared_spinlock> guard{mtx_};
  return status_;
}

size_t name_proxy::queued() const {
  std::shared_lock<caf::detail::shared_spinlock> guard{mtx_};
  return queue_.size();
}

} // namespace lume

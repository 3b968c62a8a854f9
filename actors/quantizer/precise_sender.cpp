#include "actors/quantizer/precise_sender.hpp"

#include <pthread.h>
#include <sched.h>

#include <caf/actor_cast.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/send.hpp>

#include "actors/quantizer/precise_wait.hpp"
#include "system/messages/type_ids.hpp"

namespace lume {

namespace {

/// SCHED_FIFO priority of the thread: above every normal thread, far below
/// the kernel's own realtime threads.
constexpr int fifo_priority = 10;

} // namespace

precise_sender::precise_sender(std::shared_ptr<const beat_clock> clock,
                               caf::actor_addr quantizer, micros spin_margin,
                               bool realtime)
  : clock_(std::move(clock)),
    quantizer_(std::move(quantizer)),
    spin_margin_(spin_margin),
    thread_([this, realtime] { run(realtime); }) {
}

precise_sender::~precise_sender() {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void precise_sender::post(delivery d) {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    queue_.push_back(std::move(d));
  }
  wake_.notify_one();
}

void precise_sender::retime() {
  // Taking the lock orders this after the thread's wait began, so the
  // notification is not lost between its reading the clock and its waiting.
  { std::lock_guard<std::mutex> guard{mutex_}; }
  wake_.notify_one();
}

micros precise_sender::deliver_time(const delivery& d) const {
  return clock_->time_at_beat(d.beat, d.quantum) - d.lookahead;
}

void precise_sender::run(bool realtime) {
  if (realtime) {
    sched_param param{};
    param.sched_priority = fifo_priority;
    realtime_ = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
  }
  std::unique_lock<std::mutex> lock{mutex_};
  while (!stop_) {
    if (queue_.empty()) {
      wake_.wait(lock);
      continue;
    }
    std::size_t first = 0;
    micros deliver = deliver_time(queue_[0]);
    for (std::size_t i = 1; i < queue_.size(); ++i) {
      const micros t = deliver_time(queue_[i]);
      if (t < deliver) {
        first = i;
        deliver = t;
      }
    }
    const micros ahead = deliver - clock_->now();
    if (ahead > spin_margin_) {
      wake_.wait_for(lock, ahead - spin_margin_);
      continue;
    }
    auto d = std::move(queue_[first]);
    queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(first));
    lock.unlock();
    send(d, deliver);
    lock.lock();
  }
}

void precise_sender::send(delivery& d, micros deliver) {
  auto quantizer = caf::actor_cast<caf::actor>(quantizer_);
  if (clock_->now() > deliver + d.tolerance) {
    if (quantizer)
      caf::anon_send(quantizer, atom::missed_v, d.id);
    return;
  }
  precise_wait_until(deliver, spin_margin_);
  if (d.superseded && d.superseded()) {
    if (quantizer)
      caf::anon_send(quantizer, atom::missed_v, d.id);
    return;
  }
  if (d.datagram)
    for (auto& endpoint : d.datagram_to)
      endpoint->send(*d.datagram);
  if (d.target && !d.payload.empty())
    d.target->enqueue(caf::make_mailbox_element(caf::actor_cast<caf::strong_actor_ptr>(quantizer),
                                                caf::make_message_id(), {},
                                                std::move(d.payload)),
                      nullptr);
  const micros error = clock_->now() - deliver;
  if (quantizer)
    caf::anon_send(quantizer, atom::fired_v, d.id, static_cast<int64_t>(error.count()));
}

} // namespace lume

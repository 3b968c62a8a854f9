#pragma once

#include <atomic>

namespace lume {

/// Stops a receive thread blocked in poll(): a flag it checks between
/// reads, and an eventfd it polls beside its data descriptor, so that it
/// leaves even while data keeps coming.
class stop_event {
public:
  stop_event();
  ~stop_event();
  stop_event(const stop_event&) = delete;
  stop_event& operator=(const stop_event&) = delete;

  /// False if the eventfd could not be created (errno tells why).
  bool valid() const {
    return fd_ >= 0;
  }

  /// The descriptor to poll for POLLIN.
  int fd() const {
    return fd_;
  }

  /// Sets the flag, then wakes the poller.
  void raise();

  bool raised() const {
    return raised_.load(std::memory_order_relaxed);
  }

private:
  int fd_;
  std::atomic<bool> raised_{false};
};

} // namespace lume

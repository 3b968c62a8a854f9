#include "tools/lume-sim/stop_signal.hpp"

#include <csignal>

namespace lume::sim {

namespace {

std::atomic<bool> stop_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_stop_signal(int) {
  stop_flag.store(true, std::memory_order_relaxed);
}

} // namespace

const std::atomic<bool>& stop_requested() {
  return stop_flag;
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

} // namespace lume::sim

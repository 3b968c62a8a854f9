#include "actors/sensors/stop_event.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace lume {

stop_event::stop_event() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
}

stop_event::~stop_event() {
  if (fd_ >= 0)
    ::close(fd_);
}

void stop_event::raise() {
  raised_.store(true, std::memory_order_relaxed);
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(fd_, &one, sizeof(one));
}

} // namespace lume

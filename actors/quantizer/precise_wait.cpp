#include "actors/quantizer/precise_wait.hpp"

#include "system/clock/host_clock.hpp"

#include <thread>

namespace lume {

micros precise_wait_until(micros target, micros spin_margin) {
  const micros coarse = target - spin_margin - host_now();
  if (coarse > micros{0})
    std::this_thread::sleep_for(coarse);
  micros now = host_now();
  while (now < target) {
    std::this_thread::yield();
    now = host_now();
  }
  return now - target;
}

} // namespace lume

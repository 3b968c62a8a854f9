#include "system/clock/host_clock.hpp"

#include <ableton/platforms/Config.hpp>

namespace lume {

micros host_now() {
  return ableton::link::platform::Clock{}.micros();
}

} // namespace lume

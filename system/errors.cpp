#include "system/errors.hpp"

namespace lume {

std::string to_string(ec x) {
  switch (x) {
    case ec::none: return "none";
    case ec::restart_intensity_reached: return "restart_intensity_reached";
    case ec::spawn_failed: return "spawn_failed";
    case ec::killed_by_operator: return "killed_by_operator";
    case ec::bad_command: return "bad_command";
    case ec::unknown_name: return "unknown_name";
    case ec::bad_request: return "bad_request";
    case ec::source_lost: return "source_lost";
  }
  return "unknown";
}

} // namespace lume

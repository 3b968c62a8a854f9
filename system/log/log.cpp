#include "system/log/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace lume {

namespace {

/// Quiet by default, for nodes and tests alike.
const bool quiet_by_default = [] {
  spdlog::set_level(spdlog::level::warn);
  return true;
}();

} // namespace

std::shared_ptr<spdlog::logger> role_logger(const std::string& role) {
  if (auto existing = spdlog::get(role))
    return existing;
  auto logger = spdlog::stderr_color_mt(role);
  logger->set_level(spdlog::get_level());
  return logger;
}

bool set_log_level(const std::string& level) {
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off")
    return false;
  spdlog::set_level(parsed);
  return true;
}

} // namespace lume

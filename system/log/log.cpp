#include "system/log/log.hpp"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace lume {

namespace {

/// Quiet by default, for nodes and tests alike.
const bool quiet_by_default = [] {
  spdlog::set_level(spdlog::level::warn);
  return true;
}();

static_assert(!worth_a_line(0) && worth_a_line(1) && worth_a_line(2) && !worth_a_line(3)
              && worth_a_line(4) && !worth_a_line(6) && worth_a_line(1024));

} // namespace

std::shared_ptr<spdlog::logger> role_logger(const std::string& role) {
  // Looking up and creating must be one step: the node's inspector and the
  // bus's start at once on two workers; when both found none, spdlog threw
  // "already exists" at the second and it died (about 1 start in 12).
  static std::mutex creating;
  std::lock_guard<std::mutex> guard{creating};
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

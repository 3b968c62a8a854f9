#pragma once

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace lume {

/// The logger of one actor role (`supervisor`, `inspector`, `ticker`, ...),
/// writing to stderr. Quiet by default: the level comes from `lume.log-level`.
std::shared_ptr<spdlog::logger> role_logger(const std::string& role);

/// Sets the level of every role logger, present and future. Returns false
/// for an unknown level name.
bool set_log_level(const std::string& level);

} // namespace lume

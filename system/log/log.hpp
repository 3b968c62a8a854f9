#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace lume {

/// The logger of one actor role (`supervisor`, `inspector`, `ticker`, ...),
/// writing to stderr. Quiet by default: the level comes from `lume.log-level`.
std::shared_ptr<spdlog::logger> role_logger(const std::string& role);

/// Whether the `n`th occurrence of a repeated fault gets a log line: the
/// 1st, 2nd, 4th, 8th... (each line says the count so far).
constexpr bool worth_a_line(uint64_t n) {
  return n != 0 && (n & (n - 1)) == 0;
}

/// Sets the level of every role logger, present and future. Returns false
/// for an unknown level name.
bool set_log_level(const std::string& level);

} // namespace lume

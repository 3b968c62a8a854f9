#pragma once

#include <atomic>

namespace lume::sim {

/// Set by SIGINT and SIGTERM once install_stop_handlers() ran.
const std::atomic<bool>& stop_requested();

/// Routes SIGINT and SIGTERM to stop_requested() instead of killing the
/// process, so every command can finish its file and print its summary.
void install_stop_handlers();

} // namespace lume::sim

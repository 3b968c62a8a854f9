#pragma once

#include <string>

#include "inspection_client.hpp"

namespace lume::repl {

/// `watch [COMMAND]`: redraws the terminal every `period_ms` until a key is
/// pressed. Without a command it shows the mesh at a glance: nodes, every
/// actor's status, restarts, mailbox, messages per second and the p99 of its
/// hops on this node, the clock, the director's last cut and the session.
void watch(inspection_client& client, const std::string& command, int period_ms = 1000);

} // namespace lume::repl

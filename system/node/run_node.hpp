#pragma once

#include <memory>

#include "system/node/kind_catalog.hpp"

namespace lume {

/// `lume-node --config FILE [--repl] [--section.key=value ...]`: loads the
/// config, starts the supervision tree and the inspection service, and runs
/// until SIGINT or SIGTERM (exit 0, children stopped in reverse start order).
/// A bad config exits with 2 and one line naming file, line and key; a root
/// supervisor that gives up exits with 1.
int run_node(int argc, char** argv, std::shared_ptr<const kind_catalog> kinds);

} // namespace lume

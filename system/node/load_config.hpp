#pragma once

#include <string>
#include <variant>
#include <vector>

#include "system/config/config_error.hpp"
#include "system/config/node_config.hpp"
#include "system/node/kind_catalog.hpp"
#include "system/node/system_config.hpp"

namespace lume {

/// Reads `file` and the `--section.key=value` overrides in `args` into `cfg`
/// (CAF's layering: command line over file), then validates LUME's part.
/// The first problem is returned, naming file, line and key.
std::variant<node_config, config_error> load_config(system_config& cfg,
                                                    const std::string& file,
                                                    std::vector<std::string> args,
                                                    const kind_catalog& kinds);

} // namespace lume

#pragma once

#include <optional>

#include <caf/config_option_set.hpp>
#include <caf/settings.hpp>

#include "system/config/config_error.hpp"
#include "system/config/ini_document.hpp"
#include "system/config/inspect_config.hpp"

namespace lume {

/// Adds the `lume.inspect.*` options to `options`.
void add_inspect_options(caf::config_option_set& options);

/// Reads `lume.inspect.*` from the merged settings into `out` and reads the
/// token file, if any. A bad value is an error naming file, line and key; a
/// token file that cannot be read is not: the node runs and refuses writes,
/// saying why (`out.token_error`).
std::optional<config_error> read_inspect_config(const ini_document& doc,
                                                const caf::settings& merged,
                                                inspect_config& out);

} // namespace lume

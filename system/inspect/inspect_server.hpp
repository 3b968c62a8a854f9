#pragma once

#include <cstdint>
#include <string>

#include <caf/expected.hpp>
#include <caf/io/middleman.hpp>

#include "system/inspect/inspector.hpp"

namespace lume {

/// Serves the inspection protocol on `address:port` (TCP): one command per
/// line in, one JSON line out per command, in order per connection.
/// Returns the server actor and the bound port (useful with port 0).
caf::expected<std::pair<caf::actor, uint16_t>> start_inspect_server(caf::io::middleman& mm,
                                             const std::string& address,
                     uint16_t port, inspector_actor inspector);

} // namespace lume

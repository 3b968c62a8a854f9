#pragma once

#include <memory>
#include <string>

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/logger.h>

#include "system/messages/type_ids.hpp"
#include "system/node/node_context.hpp"

namespace lume {

struct inspection_status;

/// Executes the commands of the inspection protocol (see docs/inspection.md)
/// and answers each with one line of JSON (see response.hpp).
using inspector_actor = caf::typed_actor<
  /// Runs one command line; answers its JSON response line.
  caf::replies_to<atom::command, std::string>::with<std::string>>;

struct inspector_state {
  static inline const char* name = "inspector";
  std::shared_ptr<const node_context> ctx;
  /// The inspection server's counters and settings (`inspect` without a
  /// name, `stats`); null when the node serves no inspection port.
  std::shared_ptr<const inspection_status> server;
  std::shared_ptr<spdlog::logger> log;
};

using inspector_self = inspector_actor::stateful_pointer<inspector_state>;

inspector_actor::behavior_type inspector(inspector_self self,
                                         std::shared_ptr<const node_context> ctx);

/// The node's own inspector, which also shows its inspection port (`inspect`
/// without a name, `stats`).
inspector_actor::behavior_type port_inspector(inspector_self self,
                                              std::shared_ptr<const node_context> ctx,
                                              std::shared_ptr<const inspection_status> server);

} // namespace lume

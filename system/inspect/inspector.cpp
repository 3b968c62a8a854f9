#include "system/inspect/inspector.hpp"

#include <caf/stateful_actor.hpp>

#include "system/inspect/command_line.hpp"
#include "system/inspect/command_table.hpp"
#include "system/inspect/response.hpp"
#include "system/log/log.hpp"

namespace lume {

inspector_actor::behavior_type port_inspector(inspector_self self,
                                              std::shared_ptr<const node_context> ctx,
                                              std::shared_ptr<const inspection_status> server) {
  self->state.server = std::move(server);
  return inspector(self, std::move(ctx));
}

inspector_actor::behavior_type inspector(inspector_self self,
                                         std::shared_ptr<const node_context> ctx) {
  self->state.ctx = std::move(ctx);
  self->state.log = role_logger("inspector");
  return {
    [self](atom::command, const std::string& line) -> caf::result<std::string> {
      auto [word, xs] = split_command(line);
      if (word.empty())
        return ok_response("");
      if (word == "quit" || word == "exit")
        return ok_response("bye");
      auto entry = find_command(word);
      if (entry == nullptr)
        return error_response("unknown command '" + word + "' (try help)");
      self->state.log->debug("inspector runs '{}'", line);
      return entry->run(self, xs);
    },
  };
}

} // namespace lume

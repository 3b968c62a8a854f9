#include "system/inspect/inspector.hpp"

#include <sstream>

#include <caf/stateful_actor.hpp>

#include "system/inspect/command_table.hpp"
#include "system/inspect/response.hpp"
#include "system/log/log.hpp"

namespace lume {

namespace {

/// Splits off the command word; `send` keeps its JSON argument whole.
std::pair<std::string, commands::args> split(const std::string& line) {
  std::istringstream in{line};
  std::string word;
  in >> word;
  commands::args xs;
  if (word == "send") {
    std::string name;
    in >> name;
    if (!name.empty())
      xs.push_back(name);
    std::string rest;
    std::getline(in >> std::ws, rest);
    if (!rest.empty())
      xs.push_back(rest);
    return {word, xs};
  }
  for (std::string x; in >> x;)
    xs.push_back(x);
  return {word, xs};
}

} // namespace

inspector_actor::behavior_type inspector(inspector_self self,
                                         std::shared_ptr<const node_context> ctx) {
  self->state.ctx = std::move(ctx);
  self->state.log = role_logger("inspector");
  return {
    [self](atom::command, const std::string& line) -> caf::result<std::string> {
      auto [word, xs] = split(line);
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

#include "system/inspect/inspector.hpp"

#include <map>
#include <sstream>

#include <caf/stateful_actor.hpp>

#include "system/inspect/commands.hpp"
#include "system/inspect/response.hpp"
#include "system/log/log.hpp"

namespace lume {

namespace {

using command_fn = caf::result<std::string> (*)(inspector_self, const commands::args&);

const std::map<std::string, command_fn>& command_table() {
  static const std::map<std::string, command_fn> table{
    {"help", commands::help},       {"actors", commands::actors},
    {"inspect", commands::inspect}, {"tree", commands::tree},
    {"kill", commands::kill},       {"send", commands::send},
    {"clock", commands::clock},     {"tempo", commands::tempo},
    {"trace", commands::trace},     {"latency", commands::latency},
    {"nodes", commands::nodes},     {"move", commands::move},
    {"calibrate", commands::calibrate},
  };
  return table;
}

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
      auto& table = command_table();
      auto i = table.find(word);
      if (i == table.end())
        return error_response("unknown command '" + word + "' (try help)");
      self->state.log->debug("inspector runs '{}'", line);
      return i->second(self, xs);
    },
  };
}

} // namespace lume

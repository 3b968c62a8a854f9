#pragma once

#include <string>
#include <vector>

#include "system/inspect/access.hpp"
#include "system/inspect/command_line.hpp"
#include "system/inspect/commands.hpp"

namespace lume {

/// One command of the inspection protocol: how it runs and how `help`
/// describes it. The dispatcher and `help` read the same table.
struct command_entry {
  using function = caf::result<std::string> (*)(inspector_self, const commands::args&);
  const char* name;
  function run;
  /// Whether it only reads or changes something (then it needs the token).
  /// Every command says which: a new one must choose.
  command_access access;
  /// The command line's form, e.g. "kill NAME".
  const char* usage;
  /// One line for the `help` list.
  const char* summary;
  /// What `help NAME` adds to the summary.
  const char* details;
};

/// Every command, in the order `help` lists them.
const std::vector<command_entry>& command_table();

/// The entry of `name`, or nullptr.
const command_entry* find_command(const std::string& name);

/// Whether `line` changes anything, per its entry's access: then the
/// inspection port runs it only for a connection that sent the token.
/// Unknown commands read (they are answered with an error).
bool needs_token(const command_line& line);

} // namespace lume

#pragma once

#include <string>
#include <vector>

#include <caf/make_message.hpp>
#include <caf/result.hpp>

#include "system/inspect/inspector.hpp"

/// One function per command of the inspection protocol. Each receives the
/// command's arguments (already split off the command word) and returns the
/// JSON response line, possibly later.
namespace lume::commands {

using args = std::vector<std::string>;

/// The registry entry named by `xs[0]`, or nullptr with `error` set.
const name_entry* find_name(inspector_self self, const args& xs, std::string& error);

/// Runs `line` on the inspector of `node` and answers its answer.
caf::result<std::string> forward_to(inspector_self self, const std::string& node,
                                    const std::string& line);

caf::result<std::string> help(inspector_self self, const args& xs);
caf::result<std::string> nodes(inspector_self self, const args& xs);
caf::result<std::string> move(inspector_self self, const args& xs);
caf::result<std::string> actors(inspector_self self, const args& xs);
caf::result<std::string> inspect(inspector_self self, const args& xs);
caf::result<std::string> tree(inspector_self self, const args& xs);
caf::result<std::string> stats(inspector_self self, const args& xs);
caf::result<std::string> kill(inspector_self self, const args& xs);
caf::result<std::string> restart(inspector_self self, const args& xs);
caf::result<std::string> stop(inspector_self self, const args& xs);
caf::result<std::string> start(inspector_self self, const args& xs);
caf::result<std::string> send(inspector_self self, const args& xs);
caf::result<std::string> trace(inspector_self self, const args& xs);
caf::result<std::string> clock(inspector_self self, const args& xs);
caf::result<std::string> tempo(inspector_self self, const args& xs);
caf::result<std::string> latency(inspector_self self, const args& xs);
caf::result<std::string> session(inspector_self self, const args& xs);
caf::result<std::string> calibrate(inspector_self self, const args& xs);

} // namespace lume::commands

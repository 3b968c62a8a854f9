#pragma once

#include <string>
#include <variant>

#include "actors/bus/refusal.hpp"

/// `POST /command`: one operator command of the inspection protocol
/// (docs/protocols.md, "Bus"), restricted to the ones that steer the mesh:
///
///   {"command": "kill probe"}
///   {"command": "move director mac5"}
///   {"command": "tempo 128"}
namespace lume {

/// The command line of one request body (its first word one of kill,
/// restart, stop, start, move, tempo), or why not.
std::variant<std::string, refusal> read_command(const std::string& body);

} // namespace lume

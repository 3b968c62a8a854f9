#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "actors/bus/refusal.hpp"
#include "system/messages/show.hpp"

/// `POST /cue`: one session command or one director override as JSON
/// (docs/protocols.md, "Bus"):
///
///   {"session": "next"}
///   {"session": {"command": "goto", "argument": "Song B"}}
///   {"director": {"kind": "scene", "value": "storm", "rule": "bar"}}
namespace lume {

/// The message of one request body, stamped with `origin_us`, or why not.
std::variant<session_command, director_cue, refusal> read_cue(const std::string& body,
                                                              std::int64_t origin_us);

} // namespace lume

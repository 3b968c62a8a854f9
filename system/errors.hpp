#pragma once

#include <cstdint>
#include <string>

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/make_message.hpp>

namespace lume {

/// LUME's error codes, carried in caf::error with category "lume".
enum class ec : uint8_t {
  none = 0,
  /// A supervisor saw more restarts than its intensity within its period.
  restart_intensity_reached,
  /// A child could not be spawned.
  spawn_failed,
  /// The operator crashed the actor from the inspection protocol.
  killed_by_operator,
  /// A command of the inspection protocol was malformed.
  bad_command,
  /// The named actor does not exist.
  unknown_name,
  /// A request message has a field out of its domain.
  bad_request,
  /// A running sensor's device went away (unplugged).
  source_lost,
};

std::string to_string(ec x);

inline caf::error make_error(ec x, std::string context = {}) {
  if (context.empty())
    return {static_cast<uint8_t>(x), caf::atom("lume")};
  return {static_cast<uint8_t>(x), caf::atom("lume"), caf::make_message(std::move(context))};
}

} // namespace lume

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "actors/bus/refusal.hpp"
#include "system/messages/messages.hpp"

/// `POST /echelon`: a phone's or another client's motion state as JSON
/// (docs/protocols.md, "Bus"):
///
///   {"source": "phone-1", "accel": [x, y, z], "gyro": [x, y, z],
///    "attitude": [qx, qy, qz, qw], "features": {"name": value, ...}}
///
/// `source` is required, and at least one of the others. Any of accel,
/// gyro, attitude makes a phone_motion (the missing ones keep zero
/// acceleration and rotation, identity attitude); `features` makes a
/// feature_vector of the same source.
namespace lume {

struct echelon_messages {
  std::optional<phone_motion> motion;
  std::optional<feature_vector> features;
};

/// The messages of one request body, stamped with `origin_us`, or why not.
std::variant<echelon_messages, refusal> read_echelon(const std::string& body,
                                                     std::int64_t origin_us);

} // namespace lume

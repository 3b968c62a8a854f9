#pragma once

#include <string>
#include <variant>

#include <boost/json/value.hpp>
#include <caf/message.hpp>

namespace lume {

/// Turns `{"type": "music_params", "values": {...}, ...}` into the CAF
/// message of that vocabulary type (fields as in messages.hpp; missing
/// fields keep their defaults). A `quantize_request` (quantize.hpp) carries
/// its `payload` in the same form, decoded recursively; its `target_actor`
/// has no JSON form (name the target). An error text names the field, with
/// the path through nested payloads.
std::variant<caf::message, std::string> message_from_json(const boost::json::value& x);

/// The type names `message_from_json` accepts.
std::string json_message_types();

} // namespace lume

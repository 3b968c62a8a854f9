#pragma once

#include <string>
#include <variant>

#include <boost/json/value.hpp>
#include <caf/message.hpp>

namespace lume {

/// Turns `{"type": "music_params", "values": {...}, ...}` into the CAF
/// message of that vocabulary type (fields as in messages.hpp; missing
/// fields keep their defaults). An error text names what is wrong.
std::variant<caf::message, std::string> message_from_json(const boost::json::value& x);

/// The type names `message_from_json` accepts.
std::string json_message_types();

} // namespace lume

#include "actors/strudel/host_message.hpp"

#include <boost/json/parse.hpp>

namespace lume {

std::variant<host_message, host_message_refusal> read_host_message(std::string_view text) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(text, ec);
  if (ec)
    return host_message_refusal{"not_json", ec.message()};
  auto* msg = parsed.if_object();
  if (!msg)
    return host_message_refusal{"not_object", "a message is a JSON object"};
  auto* type = msg->if_contains("type");
  if (!type || !type->is_string())
    return host_message_refusal{"no_type", "field 'type' missing or not a string"};
  host_message result;
  result.type = std::string{type->as_string()};
  auto number = [&](const char* field) -> const boost::json::value* {
    auto* value = msg->if_contains(field);
    return value && value->is_number() ? value : nullptr;
  };
  auto string = [&](const char* field) -> const boost::json::value* {
    auto* value = msg->if_contains(field);
    return value && value->is_string() ? value : nullptr;
  };
  const auto& kind = result.type;
  if (kind == "health") {
    if (!number("events_per_s"))
      return host_message_refusal{"bad_field", "health.events_per_s: not a number"};
  } else if (kind == "accepted" || kind == "applied") {
    if (!number("id") || !number("cycle"))
      return host_message_refusal{"bad_field", kind + ".id/cycle: not numbers"};
    result.id = number("id")->to_number<std::int64_t>();
    result.cycle = number("cycle")->to_number<double>();
  } else if (kind == "error") {
    auto* message = string("message");
    if (!message)
      return host_message_refusal{"bad_field", "error.message: not a string"};
    result.text = std::string{message->as_string()};
  } else if (kind == "refused") {
    auto* reason = string("reason");
    if (!reason)
      return host_message_refusal{"bad_field", "refused.reason: not a string"};
    result.text = std::string{reason->as_string()};
  } else {
    return host_message_refusal{"unknown_type", "type '" + kind + "'"};
  }
  result.fields = std::move(*msg);
  return result;
}

std::optional<boost::json::object> pong_for(std::string_view text) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(text, ec);
  auto* object = ec ? nullptr : parsed.if_object();
  auto* type = object ? object->if_contains("type") : nullptr;
  if (!type || !type->is_string() || type->as_string() != "ping")
    return std::nullopt;
  boost::json::object pong{{"type", "pong"}};
  if (auto* id = object->if_contains("id"))
    pong["id"] = *id;
  if (auto* host_ms = object->if_contains("host_ms"))
    pong["host_ms"] = *host_ms;
  return pong;
}

} // namespace lume

#include "actors/strudel/host_message.hpp"

#include <cmath>

#include <boost/json/parse.hpp>

namespace lume {

namespace {

/// True if every number in `v` is finite. Boost.JSON 1.81 reads a number
/// beyond a double's range (`1e400`) as an infinity and writes it back as
/// `Infinity`, which is no JSON: kept in `inspect strudel`, it would make
/// that answer unreadable.
bool all_finite(const boost::json::value& v) {
  if (v.is_double())
    return std::isfinite(v.get_double());
  if (v.is_array()) {
    for (const auto& x : v.get_array())
      if (!all_finite(x))
        return false;
  } else if (v.is_object()) {
    for (const auto& [key, x] : v.get_object())
      if (!all_finite(x))
        return false;
  }
  return true;
}

} // namespace

std::variant<host_message, host_message_refusal> read_host_message(std::string_view text) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(text, ec);
  if (ec)
    return host_message_refusal{"not_json", ec.message()};
  auto* msg = parsed.if_object();
  if (!msg)
    return host_message_refusal{"not_object", "a message is a JSON object"};
  if (!all_finite(parsed))
    return host_message_refusal{"bad_number", "a number beyond the range of a double"};
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
    // An id the bridge sent is a whole number; 1.5 or 1e30 would throw here.
    boost::system::error_code not_whole;
    result.id = number("id")->to_number<std::int64_t>(not_whole);
    if (not_whole)
      return host_message_refusal{"bad_field", kind + ".id: not a whole number"};
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

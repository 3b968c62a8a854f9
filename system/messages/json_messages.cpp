#include "system/messages/json_messages.hpp"

#include <optional>

#include <boost/describe/members.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>
#include <caf/make_message.hpp>

#include "system/messages/type_ids.hpp"

namespace lume {

namespace {

using vocabulary
  = boost::mp11::mp_list<skeleton_frame, phone_motion, depth_frame, audio_block,
                         feature_vector, music_params, gesture, clock_tick, director_cut,
                         director_cue, session_command, session_state, styled_frame,
                         quantize_request>;

/// "lume::music_params" → "music_params".
std::string short_name(const char* full) {
  std::string name{full};
  auto pos = name.rfind("::");
  return pos == std::string::npos ? name : name.substr(pos + 2);
}

/// Reads one field from JSON into `out`; an error text if it does not fit.
template <class Field>
std::optional<std::string> field_from_json(const boost::json::value& x, Field& out) {
  auto result = boost::json::try_value_to<Field>(x);
  if (!result)
    return result.error().message();
  out = std::move(*result);
  return std::nullopt;
}

/// A message inside a message (quantize_request's payload): the same JSON
/// form as a whole command's message, decoded the same way.
std::optional<std::string> field_from_json(const boost::json::value& x, caf::message& out) {
  auto msg = message_from_json(x);
  if (auto text = std::get_if<std::string>(&msg))
    return *text;
  out = std::get<caf::message>(std::move(msg));
  return std::nullopt;
}

/// An actor handle has no JSON form: JSON names actors (e.g. `target`).
std::optional<std::string> field_from_json(const boost::json::value&, caf::actor&) {
  return std::string{"an actor handle has no JSON form; name the actor instead"};
}

/// Reads the fields present in `obj` into a default-constructed T, so that
/// a command may name only the fields it cares about. Errors name the field.
template <class T>
std::variant<caf::message, std::string> decode(const boost::json::object& obj) {
  using members = boost::describe::describe_members<T, boost::describe::mod_public>;
  T result;
  for (auto& entry : obj) {
    // Named, not structured bindings: lambdas capture those only from C++20.
    const auto key = entry.key();
    const auto& value = entry.value();
    if (key == "type")
      continue;
    bool known = false;
    std::optional<std::string> error;
    boost::mp11::mp_for_each<members>([&](auto member) {
      if (key == member.name) {
        known = true;
        error = field_from_json(value, result.*member.pointer);
      }
    });
    if (!known)
      return "unknown field '" + std::string{key} + "' of " + short_name(T::type_name);
    if (error)
      return "field '" + std::string{key} + "' of " + short_name(T::type_name) + ": " + *error;
  }
  return caf::make_message(std::move(result));
}

} // namespace

std::variant<caf::message, std::string> message_from_json(const boost::json::value& x) {
  auto obj = x.if_object();
  if (obj == nullptr || !obj->contains("type") || !obj->at("type").is_string())
    return std::string{"expected a JSON object with a \"type\" field"};
  std::string type{obj->at("type").as_string()};
  std::variant<caf::message, std::string> result
    = "unknown message type '" + type + "' (one of " + json_message_types() + ")";
  boost::mp11::mp_for_each<vocabulary>([&](auto tag) {
    using T = decltype(tag);
    if (type == short_name(T::type_name) || type == T::type_name)
      result = decode<T>(*obj);
  });
  return result;
}

std::string json_message_types() {
  std::string result;
  boost::mp11::mp_for_each<vocabulary>([&](auto tag) {
    if (!result.empty())
      result += ", ";
    result += short_name(decltype(tag)::type_name);
  });
  return result;
}

} // namespace lume

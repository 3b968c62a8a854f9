#include "system/messages/json_messages.hpp"

#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>
#include <caf/make_message.hpp>

#include "system/messages/type_ids.hpp"

namespace lume {

namespace {

using vocabulary = boost::mp11::mp_list<skeleton_frame, phone_motion, depth_frame,
                                        audio_block, feature_vector, music_params,
                                        gesture, director_cut, clock_tick>;

/// "lume::music_params" → "music_params".
std::string short_name(const char* full) {
  std::string name{full};
  auto pos = name.rfind("::");
  return pos == std::string::npos ? name : name.substr(pos + 2);
}

/// Copies the fields present in `obj` into a default-constructed T, so that
/// a command may name only the fields it cares about.
template <class T>
std::variant<caf::message, std::string> decode(const boost::json::object& obj) {
  auto full = boost::json::value_from(T{}).as_object();
  for (auto& [key, value] : obj) {
    if (key == "type")
      continue;
    if (!full.contains(key))
      return "unknown field '" + std::string{key} + "' of " + short_name(T::type_name);
    full[key] = value;
  }
  auto result = boost::json::try_value_to<T>(boost::json::value(std::move(full)));
  if (!result)
    return "fields do not fit " + short_name(T::type_name) + ": "
           + result.error().message();
  return caf::make_message(std::move(*result));
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

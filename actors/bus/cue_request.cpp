#include "actors/bus/cue_request.hpp"

#include <algorithm>
#include <array>

#include "actors/bus/json_fields.hpp"

namespace lume {

namespace {

using namespace json_fields;

template <std::size_t N>
bool one_of(const std::string& x, const std::array<const char*, N>& xs) {
  return std::any_of(xs.begin(), xs.end(), [&](const char* y) { return x == y; });
}

constexpr std::array<const char*, 5> bare_commands{"start", "stop", "pause", "next", "prev"};
constexpr std::array<const char*, 3> argument_commands{"goto", "section", "record"};

std::variant<session_command, director_cue, refusal> read_session(const boost::json::value& v,
                                                                  std::int64_t origin_us) {
  session_command cmd;
  cmd.origin_us = origin_us;
  if (v.is_string()) {
    cmd.command = std::string{v.get_string()};
  } else if (v.is_object()) {
    auto& x = v.get_object();
    if (auto err = only_known(x, {"command", "argument"}, "session."))
      return *err;
    if (auto err = string_field(x, "command", "session.command", cmd.command, 16))
      return *err;
    if (x.contains("argument"))
      if (auto err = string_field(x, "argument", "session.argument", cmd.argument))
        return *err;
  } else {
    return wrong_type("session", "a command string or {command, argument}");
  }
  const auto field = v.is_string() ? std::string{"session"} : std::string{"session.command"};
  if (one_of(cmd.command, bare_commands)) {
    if (!cmd.argument.empty())
      return bad_value("session.argument", "'" + cmd.command + "' takes no argument");
  } else if (one_of(cmd.command, argument_commands)) {
    if (cmd.argument.empty())
      return missing("session.argument");
    if (cmd.command == "record" && cmd.argument != "on" && cmd.argument != "off")
      return bad_value("session.argument", "record takes 'on' or 'off'");
  } else {
    return bad_value(field, "unknown command '" + cmd.command +
                              "' (start, stop, pause, next, prev, goto, section, record)");
  }
  return cmd;
}

std::variant<session_command, director_cue, refusal> read_director(const boost::json::value& v,
                                                                   std::int64_t origin_us) {
  if (!v.is_object())
    return wrong_type("director", "an object {kind, value, rule}");
  auto& x = v.get_object();
  if (auto err = only_known(x, {"kind", "value", "rule"}, "director."))
    return *err;
  director_cue cue;
  cue.origin_us = origin_us;
  if (auto err = string_field(x, "kind", "director.kind", cue.kind, 16))
    return *err;
  if (!one_of(cue.kind, std::array<const char*, 3>{"camera", "scene", "section"}))
    return bad_value("director.kind", "must be camera, scene or section");
  if (auto err = string_field(x, "value", "director.value", cue.value))
    return *err;
  if (x.contains("rule")) {
    if (auto err = string_field(x, "rule", "director.rule", cue.rule, 16))
      return *err;
    if (!one_of(cue.rule, std::array<const char*, 3>{"beat", "bar", "phrase"}))
      return bad_value("director.rule", "must be beat, bar or phrase");
  }
  return cue;
}

} // namespace

std::variant<session_command, director_cue, refusal> read_cue(const std::string& body,
                                                              std::int64_t origin_us) {
  boost::json::object x;
  if (auto err = parse_object(body, x))
    return *err;
  if (auto err = only_known(x, {"session", "director"}))
    return *err;
  if (x.size() != 1)
    return x.empty() ? missing("session")
                     : bad_value("director", "one cue per request: session or director");
  if (auto* v = x.if_contains("session"))
    return read_session(*v, origin_us);
  return read_director(x.at("director"), origin_us);
}

} // namespace lume

#include "actors/bus/command_request.hpp"

#include <algorithm>
#include <array>

#include "actors/bus/json_fields.hpp"

namespace lume {

namespace {

constexpr std::array<const char*, 6> allowed{"kill", "restart", "stop", "start", "move", "tempo"};

} // namespace

std::variant<std::string, refusal> read_command(const std::string& body) {
  using namespace json_fields;
  boost::json::object x;
  if (auto err = parse_object(body, x))
    return *err;
  if (auto err = only_known(x, {"command"}))
    return *err;
  std::string line;
  if (auto err = string_field(x, "command", "command", line, 256))
    return *err;
  // One line: the inspection protocol reads a command per line.
  if (std::any_of(line.begin(), line.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    return bad_value("command", "a control character in the command");
  auto word = line.substr(0, line.find(' '));
  if (std::none_of(allowed.begin(), allowed.end(), [&](const char* y) { return word == y; }))
    return bad_value("command", "'" + word +
                                  "' is not allowed here (kill, restart, stop, start, move, tempo)");
  return line;
}

} // namespace lume

// Fuzz target for the body of the bus's `POST /cue` (read_cue, as the bus
// reads it). Asserted: a refusal names its field; an accepted session
// command is one the session knows, with an argument exactly when it takes
// one; an accepted director cue has a known kind and rule and a value; and
// the message written back as a body (the dashboard's shape,
// docs/protocols.md) reads back to the same message.

#include <string>
#include <variant>

#include <boost/json.hpp>

#include "actors/bus/cue_request.hpp"
#include "tests/fuzz/bus_refusal_check.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume;

constexpr std::int64_t origin_us = 1'700'000'000'000'000;

bool bare(const std::string& c) {
  return c == "start" || c == "stop" || c == "pause" || c == "next" || c == "prev";
}

bool with_argument(const std::string& c) {
  return c == "goto" || c == "section" || c == "record";
}

void check(const session_command& x) {
  FUZZ_CHECK(x.origin_us == origin_us);
  FUZZ_CHECK(bare(x.command) || with_argument(x.command));
  FUZZ_CHECK(bare(x.command) == x.argument.empty());
  FUZZ_CHECK(x.argument.size() <= 128);
  FUZZ_CHECK(x.command != "record" || x.argument == "on" || x.argument == "off");
  boost::json::object session{{"command", x.command}};
  if (!x.argument.empty())
    session["argument"] = x.argument;
  const auto again = read_cue(boost::json::serialize(boost::json::object{{"session", session}}),
                              origin_us);
  const auto* back = std::get_if<session_command>(&again);
  FUZZ_CHECK(back != nullptr);
  FUZZ_CHECK(back->command == x.command && back->argument == x.argument);
}

void check(const director_cue& x) {
  FUZZ_CHECK(x.origin_us == origin_us);
  FUZZ_CHECK(x.kind == "camera" || x.kind == "scene" || x.kind == "section");
  FUZZ_CHECK(x.rule.empty() || x.rule == "beat" || x.rule == "bar" || x.rule == "phrase");
  FUZZ_CHECK(!x.value.empty() && x.value.size() <= 128);
  boost::json::object director{{"kind", x.kind}, {"value", x.value}};
  if (!x.rule.empty())
    director["rule"] = x.rule;
  const auto again = read_cue(boost::json::serialize(boost::json::object{{"director", director}}),
                              origin_us);
  const auto* back = std::get_if<director_cue>(&again);
  FUZZ_CHECK(back != nullptr);
  FUZZ_CHECK(back->kind == x.kind && back->value == x.value && back->rule == x.rule);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body{reinterpret_cast<const char*>(data), size};
  const auto read = read_cue(body, origin_us);
  if (const auto* why = std::get_if<refusal>(&read))
    fuzz::check_refusal(*why);
  else if (const auto* command = std::get_if<session_command>(&read))
    check(*command);
  else
    check(std::get<director_cue>(read));
  return 0;
}

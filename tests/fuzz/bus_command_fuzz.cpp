// Fuzz target for the body of the bus's `POST /command` (read_command, as
// the bus reads it), and the accepted line through the inspection
// protocol's own reader (split_command), which runs it. Asserted: a
// refusal names its field; an accepted line is one line of at most 256
// characters without control characters whose command word, as the
// inspector reads it, is the one the bus allowed (kill, restart, stop,
// start, move, tempo); and the line written back as a body reads back the same.

#include <string>
#include <variant>

#include <boost/json.hpp>

#include "actors/bus/command_request.hpp"
#include "system/inspect/command_line.hpp"
#include "tests/fuzz/bus_refusal_check.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lume;
  const std::string body{reinterpret_cast<const char*>(data), size};
  const auto read = read_command(body);
  if (const auto* why = std::get_if<refusal>(&read)) {
    fuzz::check_refusal(*why);
    return 0;
  }
  const auto& line = std::get<std::string>(read);
  FUZZ_CHECK(!line.empty() && line.size() <= 256);
  for (unsigned char c : line)
    FUZZ_CHECK(c >= 0x20 && c != 0x7f);
  const auto& word = split_command(line).word;
  FUZZ_CHECK(word == "kill" || word == "restart" || word == "stop" || word == "start" ||
             word == "move" || word == "tempo");
  const auto again = read_command(boost::json::serialize(boost::json::object{{"command", line}}));
  const auto* back = std::get_if<std::string>(&again);
  FUZZ_CHECK(back != nullptr && *back == line);
  return 0;
}

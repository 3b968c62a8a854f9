// Fuzz target for the inspection protocol's command lines, as a client's
// bytes reach them: cut into lines by the server's line_splitter (in reads of
// the sizes a TCP stream may deliver), split into command word and arguments,
// numeric arguments read as the commands read them, and a `send`'s JSON
// decoded into a message. Asserted: lines are the input's lines (no newline,
// none over the limit, nothing lost or invented before a refusal), counts
// stay within their bounds and print back as their digits, numbers are finite.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include <boost/json.hpp>

#include "system/inspect/command_line.hpp"
#include "system/messages/json_messages.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume;

/// A small limit, so that inputs reach it.
constexpr std::size_t max_line = 256;

bool has_space(const std::string& x) {
  return std::any_of(x.begin(), x.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

void check_count(const std::string& text, std::uint64_t max) {
  const auto count = parse_count(text, max);
  if (!count)
    return;
  FUZZ_CHECK(*count >= 1 && *count <= max);
  const auto digits = text.substr(std::min(text.find_first_not_of('0'), text.size()));
  FUZZ_CHECK(std::to_string(*count) == digits);
}

void check_command(const std::string& line) {
  const auto command = split_command(line);
  FUZZ_CHECK(!has_space(command.word));
  if (command.word == "send") {
    FUZZ_CHECK(command.args.size() <= 2);
    if (command.args.size() < 2)
      return;
    boost::system::error_code err;
    const auto json = boost::json::parse(command.args[1], err);
    if (err)
      return;
    const auto msg = message_from_json(json);
    if (const auto* error = std::get_if<std::string>(&msg))
      FUZZ_CHECK(!error->empty());
    else
      FUZZ_CHECK(std::get<caf::message>(msg).size() == 1);
    return;
  }
  for (const auto& arg : command.args) {
    FUZZ_CHECK(!arg.empty() && !has_space(arg));
    check_count(arg, 1);
    check_count(arg, 86400);
    check_count(arg, UINT32_MAX);
    check_count(arg, UINT64_MAX);
    if (const auto number = parse_number(arg))
      FUZZ_CHECK(std::isfinite(*number));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  // The first byte sets the read size, as the kernel may cut a stream anywhere.
  const std::size_t chunk = 1 + data[0];
  const char* text = reinterpret_cast<const char*>(data + 1);
  const std::size_t length = size - 1;
  line_splitter splitter{max_line};
  std::vector<std::string> lines;
  std::size_t fed = 0;
  bool fits = true;
  while (fed < length && fits) {
    const std::size_t n = std::min(chunk, length - fed);
    fits = splitter.append(text + fed, n, lines);
    fed += n;
  }
  // Every line is the input's next line, its "\r\n" or "\n" cut off.
  std::size_t pos = 0;
  for (const auto& line : lines) {
    FUZZ_CHECK(line.size() <= max_line);
    FUZZ_CHECK(line.find('\n') == std::string::npos);
    FUZZ_CHECK(text + pos + line.size() <= text + length);
    FUZZ_CHECK(line.compare(0, line.size(), text + pos, line.size()) == 0);
    pos += line.size();
    if (pos < length && text[pos] == '\r')
      ++pos;
    FUZZ_CHECK(pos < length && text[pos] == '\n');
    ++pos;
    check_command(line);
  }
  if (fits)
    FUZZ_CHECK(pos + splitter.pending() == length);
  return 0;
}

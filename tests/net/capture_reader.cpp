#include "capture_reader.hpp"

#include <cctype>
#include <sstream>

namespace lume::net::test {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char gutter_char(std::uint8_t b) {
  return b >= 0x20 && b < 0x7f ? static_cast<char>(b) : '.';
}

/// Appends the bytes of one hex line to `out`; false if it is malformed.
bool parse_hex_line(const std::string& line, std::vector<std::uint8_t>& out) {
  const auto bar = line.find('|');
  if (bar == std::string::npos || line.size() < bar + 2 || line.back() != '|')
    return false;
  std::istringstream hex{line.substr(0, bar)};
  std::string token;
  std::string expected_gutter;
  while (hex >> token) {
    if (token.size() != 2 || hex_digit(token[0]) < 0 || hex_digit(token[1]) < 0)
      return false;
    const auto b = static_cast<std::uint8_t>(hex_digit(token[0]) * 16 + hex_digit(token[1]));
    out.push_back(b);
    expected_gutter.push_back(gutter_char(b));
  }
  const std::string gutter = line.substr(bar + 1, line.size() - bar - 2);
  return !expected_gutter.empty() && expected_gutter.size() <= 16 && gutter == expected_gutter;
}

} // namespace

std::variant<capture, std::string> parse_capture(const std::string& text) {
  capture result;
  std::istringstream lines{text};
  std::string line;
  if (!std::getline(lines, line) || line.empty() || line[0] != '!')
    return std::string{"line 1: expected !FORMAT VERSION"};
  std::istringstream first{line.substr(1)};
  if (!(first >> result.format >> result.version))
    return std::string{"line 1: expected !FORMAT VERSION"};
  std::size_t declared = 0;
  int number = 1;
  auto close_record = [&]() -> bool {
    return result.datagrams.empty() || result.datagrams.back().bytes.size() == declared;
  };
  while (std::getline(lines, line)) {
    ++number;
    const std::string where = "line " + std::to_string(number) + ": ";
    if (line.empty())
      continue;
    if (line.rfind("d ", 0) == 0) {
      if (!close_record())
        return where + "previous record is shorter than its length";
      std::istringstream record{line.substr(2)};
      capture_datagram datagram;
      if (!(record >> datagram.seconds >> declared))
        return where + "expected d SECONDS LENGTH";
      datagram.bytes.reserve(declared);
      result.datagrams.push_back(std::move(datagram));
    } else if (line.rfind("  ", 0) == 0) {
      if (result.datagrams.empty())
        return where + "hex line before any record";
      if (!parse_hex_line(line, result.datagrams.back().bytes))
        return where + "malformed hex line";
      if (result.datagrams.back().bytes.size() > declared)
        return where + "record is longer than its length";
    } else if (result.datagrams.empty()) {
      const auto space = line.find(' ');
      if (space == std::string::npos)
        return where + "expected KEY VALUE";
      result.properties[line.substr(0, space)] = line.substr(space + 1);
    } else {
      return where + "unexpected line";
    }
  }
  if (!close_record())
    return std::string{"last record is shorter than its length"};
  return result;
}

} // namespace lume::net::test

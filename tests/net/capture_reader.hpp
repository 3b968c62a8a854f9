#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

/// Test support: reads the text captures of shared/testdata/mocopi — a
/// `!FORMAT VERSION` line, `key value` properties, then one `d SECONDS LENGTH`
/// record per datagram followed by lines of up to 16 hex bytes and an ASCII
/// gutter between '|' characters.
namespace lume::net::test {

struct capture_datagram {
  double seconds = 0;
  std::vector<std::uint8_t> bytes;
};

struct capture {
  std::string format;
  int version = 0;
  std::map<std::string, std::string> properties;
  std::vector<capture_datagram> datagrams;
};

/// Parses a capture. A record whose byte count differs from its LENGTH, a
/// malformed hex byte or a gutter that disagrees with its bytes is an error,
/// returned as text naming the line.
std::variant<capture, std::string> parse_capture(const std::string& text);

} // namespace lume::net::test

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// The inspection protocol's input, before any command runs: a connection's
/// bytes cut into lines, a line split into its command word and arguments,
/// and the numeric arguments read. Pure functions of their input (fuzzed by
/// tests/fuzz/inspect_command_fuzz.cpp).
namespace lume {

/// Longest command line a client may send, bytes (without the newline).
inline constexpr std::size_t max_command_line = 64 * 1024;

/// Cuts the bytes of one connection into lines at '\n', dropping a '\r'
/// before it. Keeps the unfinished last line until more bytes arrive.
class line_splitter {
public:
  explicit line_splitter(std::size_t max_line = max_command_line) : max_line_(max_line) {}

  /// Appends `size` bytes and moves every completed line to `out`. False if
  /// a line (completed or not) is longer than the limit: the client must be
  /// cut off, and the splitter is not used again.
  bool append(const char* data, std::size_t size, std::vector<std::string>& out);

  /// Bytes of the unfinished line.
  std::size_t pending() const { return buffer_.size(); }

private:
  std::size_t max_line_;
  std::string buffer_;
};

/// One line split at whitespace: the command word and its arguments. `send`
/// keeps everything after its name as one argument (the JSON message).
struct command_line {
  std::string word;
  std::vector<std::string> args;
};

command_line split_command(const std::string& line);

/// The whole of `text` as an integer in [1, max]: digits only (no sign, no
/// space, no overflow); nullopt otherwise.
std::optional<std::uint64_t> parse_count(const std::string& text, std::uint64_t max);

/// The whole of `text` as a finite number; nullopt otherwise.
std::optional<double> parse_number(const std::string& text);

} // namespace lume

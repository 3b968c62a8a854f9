#include "system/inspect/command_line.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace lume {

bool line_splitter::append(const char* data, std::size_t size, std::vector<std::string>& out) {
  // The kept bytes hold no newline: search only the new ones, so that a
  // line sent a byte at a time costs linear, not quadratic, time.
  const std::size_t kept = buffer_.size();
  buffer_.append(data, size);
  std::size_t start = 0;
  for (auto nl = buffer_.find('\n', kept); nl != std::string::npos;
       nl = buffer_.find('\n', start)) {
    auto end = nl;
    if (end > start && buffer_[end - 1] == '\r')
      --end;
    if (end - start > max_line_)
      return false;
    out.emplace_back(buffer_, start, end - start);
    start = nl + 1;
  }
  buffer_.erase(0, start);
  return buffer_.size() <= max_line_;
}

command_line split_command(const std::string& line) {
  std::istringstream in{line};
  command_line result;
  in >> result.word;
  if (result.word == "send") {
    std::string name;
    in >> name;
    if (!name.empty())
      result.args.push_back(name);
    std::string rest;
    std::getline(in >> std::ws, rest);
    if (!rest.empty())
      result.args.push_back(rest);
    return result;
  }
  for (std::string x; in >> x;)
    result.args.push_back(x);
  return result;
}

std::optional<std::uint64_t> parse_count(const std::string& text, std::uint64_t max) {
  if (text.empty())
    return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (digit > max || value > (max - digit) / 10)
      return std::nullopt;
    value = value * 10 + digit;
  }
  if (value == 0)
    return std::nullopt;
  return value;
}

std::optional<double> parse_number(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())))
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value))
    return std::nullopt;
  return value;
}

} // namespace lume

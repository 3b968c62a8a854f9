#pragma once

#include <string>

namespace lume {

/// A configuration problem, located as precisely as known: rendered as
/// `FILE:LINE: key 'KEY': MESSAGE` (line and key omitted when unknown).
struct config_error {
  std::string file;
  int line = 0;
  std::string key;
  std::string message;

  std::string to_string() const {
    auto result = file.empty() ? std::string{"command line"} : file;
    if (line > 0)
      result += ':' + std::to_string(line);
    result += ": ";
    if (!key.empty())
      result += "key '" + key + "': ";
    return result + message;
  }
};

} // namespace lume

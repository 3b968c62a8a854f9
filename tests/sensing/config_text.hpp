#pragma once

#include <string>

/// Test support: pieces of a node config's text.
namespace lume::test {

/// The `{ ... }` that starts at or after `from` in `text` (quoted strings
/// skipped); empty if there is none.
inline std::string braced_block(const std::string& text, std::size_t from) {
  auto start = text.find('{', from);
  int depth = 0;
  bool quoted = false;
  for (auto i = start; start != std::string::npos && i < text.size(); ++i) {
    char c = text[i];
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && c == '{')
      ++depth;
    else if (!quoted && c == '}' && --depth == 0)
      return text.substr(start, i - start + 1);
  }
  return {};
}

/// The `params = { ... }` of the first mapper in a node config's text.
inline std::string mapper_params(const std::string& config) {
  auto mapper = config.find("kind = \"mapper\"");
  if (mapper == std::string::npos)
    return {};
  return braced_block(config, config.find("params = ", mapper));
}

} // namespace lume::test

#pragma once

#include <map>
#include <string>
#include <variant>

#include <caf/settings.hpp>

#include "system/config/config_error.hpp"

namespace lume {

/// A `.caf` file read with CAF 0.17's own INI parser, plus the line on which
/// every key (including keys inside lists and maps) was written, so that
/// validation can point at the offending line.
struct ini_document {
  std::string file;
  caf::settings content;
  /// Dotted key path (list elements as `[i]`) → 1-based line number.
  std::map<std::string, int> lines;

  /// The line of `key`, or of its closest enclosing key; 0 if unknown.
  int line_of(const std::string& key) const;
};

/// Reads `path`. A missing file or a syntax error yields a config_error
/// naming the file and the line.
std::variant<ini_document, config_error> read_ini_document(const std::string& path);

/// Parses INI text (used by tests and by read_ini_document).
std::variant<ini_document, config_error> parse_ini_document(std::string file,
                                                            const std::string& text);

} // namespace lume

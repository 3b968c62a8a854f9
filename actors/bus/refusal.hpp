#pragma once

#include <string>

/// Why the bus refused a request body: an HTTP status, a reason counted
/// in `inspect bus`, a sentence for people and the field it is about.
namespace lume {

struct refusal {
  unsigned status = 400;
  /// `malformed_json`, `wrong_type`, `unknown_field`, `missing_field`, `bad_value`, ...
  std::string reason;
  std::string problem;
  std::string field;
};

} // namespace lume

#pragma once

#include <string>

#include "actors/bus/refusal.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace lume::fuzz {

/// A refused body names a 400, a reason `inspect bus` counts, a sentence
/// and the field it is about (empty only for an unknown field whose key is
/// the empty string).
inline void check_refusal(const refusal& x) {
  FUZZ_CHECK(x.status == 400);
  FUZZ_CHECK(x.reason == "malformed_json" || x.reason == "wrong_type" ||
             x.reason == "unknown_field" || x.reason == "missing_field" ||
             x.reason == "bad_value");
  FUZZ_CHECK(!x.problem.empty());
  FUZZ_CHECK(!x.field.empty() || x.reason == "unknown_field");
}

} // namespace lume::fuzz

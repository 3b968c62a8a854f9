#pragma once

#include <cstdio>
#include <cstdlib>

/// A property a fuzz target asserts. Unlike assert() it holds in release
/// builds too, so the plain replay executables check what libFuzzer checks.
#define FUZZ_CHECK(condition)                                                              \
  ((condition) ? static_cast<void>(0)                                                      \
               : ::lume::fuzz::check_failed(#condition, __FILE__, __LINE__))

namespace lume::fuzz {

[[noreturn]] inline void check_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, condition);
  std::abort();
}

} // namespace lume::fuzz

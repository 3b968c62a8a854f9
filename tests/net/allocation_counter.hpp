#pragma once

#include <cstddef>

/// Test support: this binary replaces the global operator new so tests can
/// assert that a code path does not allocate.
namespace lume::net::test {

/// Calls to the global operator new since the program started.
std::size_t allocation_count();

} // namespace lume::net::test

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Locating and loading the shared test data (LUME_TESTDATA_DIR).
namespace lume::net::test {

/// `<testdata>/mocopi` if it exists; nullopt (after printing why the caller
/// skips) otherwise.
std::optional<std::string> mocopi_dir();

/// The bytes of a binary file; nullopt if it cannot be read.
std::optional<std::vector<std::uint8_t>> read_binary(const std::string& path);

/// The text of a file; nullopt if it cannot be read.
std::optional<std::string> read_text(const std::string& path);

} // namespace lume::net::test

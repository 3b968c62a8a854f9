#pragma once

#include <cstdint>
#include <map>
#include <string>

/// Test support: config/solo.caf with every port moved to a free one, so
/// that a test or bench runs the whole show beside anything else.
namespace lume::test {

struct solo_ports {
  std::uint16_t bus = 0;
  std::uint16_t inspect = 0;
};

/// Writes the moved config to a temporary file and returns its path; the
/// stage view's folder becomes absolute, `edits` replace text literally
/// (e.g. {"max-connections = 64", "max-connections = 8"}).
std::string write_solo_config(const std::string& source_dir, solo_ports& ports,
                              const std::map<std::string, std::string>& edits = {});

} // namespace lume::test

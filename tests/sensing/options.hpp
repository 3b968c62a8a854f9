#pragma once

#include <string>

#include <caf/config_value.hpp>
#include <caf/settings.hpp>

#include "system/config/node_config.hpp"

namespace lume::test {

/// A child spec of `kind` named `name` whose options are written in config
/// syntax, e.g. `{ rate = 50, targets = ["127.0.0.1:9800"] }`.
inline child_spec spec_of(const std::string& name, const std::string& kind,
                          const std::string& options) {
  child_spec spec;
  spec.name = name;
  spec.kind = kind;
  auto parsed = caf::config_value::parse(options);
  if (!parsed)
    throw std::runtime_error("bad options in test: " + options);
  spec.options = caf::get<caf::settings>(*parsed);
  return spec;
}

} // namespace lume::test

#pragma once

#include <caf/actor_system_config.hpp>

namespace lume {

/// CAF's configuration with LUME's options, message types, error category
/// and the middleman loaded.
class system_config : public caf::actor_system_config {
public:
  system_config();

  /// CAF's and LUME's options, for validating a config file.
  const caf::config_option_set& options() const {
    return custom_options_;
  }
};

} // namespace lume

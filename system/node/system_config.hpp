#pragma once

#include <caf/actor_system_config.hpp>

#include "system/config/node_config.hpp"

namespace lume {

/// CAF's configuration with LUME's options, message types, error category
/// and the middleman loaded.
class system_config : public caf::actor_system_config {
public:
  system_config();

  /// Loads CAF's OpenSSL module with the node's certificate, key and mesh CA:
  /// `caf::openssl::publish` and its middleman actor then speak BASP over
  /// TLS and require a certificate of that CA from every peer. False (and
  /// nothing loaded) if CAF's OpenSSL calls would not go through
  /// openssl_error_queue.cpp: a build defect that breaks TLS after one failure.
  bool use_mesh_tls(const mesh_tls_config& tls);

  /// CAF's and LUME's options, for validating a config file.
  const caf::config_option_set& options() const {
    return custom_options_;
  }
};

} // namespace lume

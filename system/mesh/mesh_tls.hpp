#pragma once

#include <optional>

#include "system/config/config_error.hpp"
#include "system/config/node_config.hpp"

namespace lume {

/// Checks the files of `lume.mesh.tls` before CAF's OpenSSL module loads
/// them (it aborts the process on a bad file): each is readable PEM, the key
/// belongs to the certificate and the mesh CA signed the certificate. The
/// error names the config file, the line and the key.
std::optional<config_error> check_mesh_tls(const node_config& config);

} // namespace lume

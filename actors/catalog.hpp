#pragma once

#include <memory>

#include "system/node/kind_catalog.hpp"

namespace lume {

/// Every actor kind a config may name.
std::shared_ptr<const kind_catalog> all_kinds();

} // namespace lume

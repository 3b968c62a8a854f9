#pragma once

#include <memory>
#include <string>

#include "system/clock/beat_clock.hpp"
#include "system/config/node_config.hpp"
#include "system/names/name_registry.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

/// What every actor of a node shares: its config, its names, the kinds it
/// can spawn, and the beat clock every actor reads musical time from. Owned by the node; outlives its actors.
struct node_context {
  node_config config;
  std::shared_ptr<name_registry> names;
  std::shared_ptr<const kind_catalog> kinds;
  std::shared_ptr<beat_clock> clock;

  /// The specs whose parent is `supervisor`, in start order.
  std::vector<child_spec> children_of(const std::string& supervisor) const {
    std::vector<child_spec> result;
    for (auto& spec : config.actors)
      if (spec.supervisor == supervisor)
        result.push_back(spec);
    return result;
  }
};

} // namespace lume

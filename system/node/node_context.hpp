#pragma once

#include <memory>
#include <string>

#include <caf/actor.hpp>

#include "system/clock/beat_clock.hpp"
#include "system/config/node_config.hpp"
#include "system/mesh/checkpoint_store.hpp"
#include "system/names/name_registry.hpp"
#include "system/node/kind_catalog.hpp"
#include "system/telemetry/latency_registry.hpp"

namespace lume {

/// What every actor of a node shares: its config, its names, the kinds it
/// can spawn, and the beat clock every actor reads musical time from. Owned by the node; outlives its actors.
struct node_context {
  node_config config;
  std::shared_ptr<name_registry> names;
  std::shared_ptr<const kind_catalog> kinds;
  std::shared_ptr<beat_clock> clock;
  /// Checkpoints of movable actors and the epochs the mesh gave them.
  std::shared_ptr<checkpoint_store> checkpoints = std::make_shared<checkpoint_store>();
  /// This node's mesh actor (membership, placement, checkpoints).
  caf::actor mesh;
  /// The clock service (system/clock/clock_service.hpp): subscribe to get a
  /// clock_tick whenever tempo, peers or transport change.
  caf::actor clock_service;
  /// Latency histograms of every hop on this node (`latency` command).
  std::shared_ptr<latency_registry> latency;

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

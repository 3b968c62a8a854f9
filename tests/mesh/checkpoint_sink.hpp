#pragma once

#include <memory>
#include <vector>

#include <caf/event_based_actor.hpp>

#include "system/mesh/checkpoint_store.hpp"
#include "system/mesh/mesh_messages.hpp"
#include "system/messages/type_ids.hpp"

namespace lume::test {

/// Every checkpoint a sink received, in order.
using checkpoint_log = std::vector<checkpoint>;

/// Stands in for a node's mesh actor as the receiver of checkpoints: keeps
/// each in `store`, where the next incarnation's checkpointer finds it, and
/// appends it to `log` (a single node: nothing to replicate).
inline caf::behavior checkpoint_sink(caf::event_based_actor*,
                                     std::shared_ptr<checkpoint_store> store,
                                     std::shared_ptr<checkpoint_log> log) {
  return {
    [store, log](const checkpoint& cp) {
      log->push_back(cp);
      store->put(cp);
    },
    [store, log](atom::checkpoint, const checkpoint& cp) {
      log->push_back(cp);
      store->put(cp);
      return uint64_t{0};
    },
  };
}

} // namespace lume::test

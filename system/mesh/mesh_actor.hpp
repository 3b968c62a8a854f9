#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/logger.h>

#include "system/mesh/membership.hpp"
#include "system/mesh/placement.hpp"
#include "system/messages/type_ids.hpp"
#include "system/node/node_context.hpp"

namespace lume {

/// One per node: connects to every peer over CAF's BASP, detects failures
/// by heartbeat, makes names mesh-wide, places movable actors and
/// replicates their checkpoints. See docs/architecture.md, "The mesh".
using mesh_actor = caf::typed_actor<
  /// A peer introduces itself, or repeats the names it serves after a change.
  caf::reacts_to<mesh_hello>,
  /// A peer's heartbeat, with the movable actors it hosts.
  caf::reacts_to<mesh_heartbeat>,
  /// A movable actor's state, from a local actor or from a peer.
  caf::reacts_to<checkpoint>,
  /// The same, answered with the number of peers that hold it: from a local
  /// actor once every peer up that may host it answered (or
  /// `down-after` passed), from a peer once stored.
  caf::replies_to<atom::checkpoint, checkpoint>::with<uint64_t>,
  /// A peer starting NAME asks for the newest checkpoint of it held here
  /// (empty if none).
  caf::replies_to<atom::get, std::string>::with<checkpoint>,
  /// The operator's preferred node for a movable actor (`move`).
  caf::reacts_to<placement_override>,
  /// Node N stops hosting NAME: messages to NAME queue here from now on
  /// (until its next host announces it); answers once they do.
  caf::replies_to<atom::release, std::string, std::string>::with<bool>,
  /// The membership table as JSON (`nodes`).
  caf::replies_to<atom::nodes>::with<std::string>,
  /// The inspectors of the peers that are up, as node name → handle.
  caf::replies_to<atom::inspect>::with<std::vector<name_binding>>,
  /// Internal: time for the next heartbeat.
  caf::reacts_to<atom::tick>,
  /// Internal: try to connect to this peer.
  caf::reacts_to<atom::connect, std::string>>;

/// The mesh actor's view of one peer's connection.
struct mesh_link {
  mesh_actor mesh;
  caf::actor inspector;
  bool connecting = false;
  /// The last attempt to connect failed at the handshake (logged once).
  bool refused = false;
  /// Names the peer serves, as of its last hello (a connection keeps order,
  /// so this is the peer's current word even while it was thought down).
  std::vector<name_binding> served;
};

struct mesh_state {
  static inline const char* name = "mesh";

  std::shared_ptr<const node_context> ctx;
  caf::actor inspector;
  std::unique_ptr<membership> view;
  std::unique_ptr<placement> place;
  std::map<std::string, mesh_link> links;
  uint64_t seq = 0;
  /// Whether the last look found this node in the majority (for the log).
  bool majority = false;
  caf::actor_clock::time_point next_tick;
  caf::actor_clock::time_point started;
  /// Fenced peers with a round trip under way.
  std::set<std::string> unfencing;
  std::shared_ptr<spdlog::logger> log;
};

using mesh_self = mesh_actor::stateful_pointer<mesh_state>;

mesh_actor::behavior_type mesh(mesh_self self, std::shared_ptr<const node_context> ctx,
                               caf::actor inspector);

} // namespace lume

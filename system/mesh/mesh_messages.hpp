#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>
#include <caf/actor.hpp>

#include "system/messages/described.hpp"

/// What the mesh actors of two nodes tell each other.
namespace lume {

/// A movable actor a node hosts, with the epoch of its incarnation.
struct placement_claim {
  static constexpr const char* type_name = "lume::placement_claim";
  std::string name;
  uint64_t epoch = 0;
};
BOOST_DESCRIBE_STRUCT(placement_claim, (), (name, epoch))

/// A movable actor hosted by a node, as the node sending a heartbeat sees
/// it: a node cut off from the host still learns that the host runs.
struct relayed_claim {
  static constexpr const char* type_name = "lume::relayed_claim";
  std::string node;
  std::string name;
  uint64_t epoch = 0;
};
BOOST_DESCRIBE_STRUCT(relayed_claim, (), (node, name, epoch))

/// Sent every `lume.mesh.heartbeat` to every peer.
struct mesh_heartbeat {
  static constexpr const char* type_name = "lume::mesh_heartbeat";
  std::string node;
  uint64_t seq = 0;
  /// The movable actors the node hosts.
  std::vector<placement_claim> claims;
  /// The highest epoch the node has seen of each movable actor: a node that
  /// has not heard a host yet (links come back one by one after a
  /// partition) still starts above it.
  std::vector<placement_claim> epochs;
  /// The peers the node sees up: a peer counts towards a node's majority
  /// only while it sees that node too.
  std::vector<std::string> sees;
  /// The peers it reaches both ways (those of `sees` that see it too): a
  /// node cut off from one of them learns that it is alive and in a
  /// majority with the sender.
  std::vector<std::string> mutual;
  /// The claims of the peers it sees up.
  std::vector<relayed_claim> relayed;
};
BOOST_DESCRIBE_STRUCT(mesh_heartbeat, (), (node, seq, claims, epochs, sees, mutual, relayed))

/// A name a node serves, with the stable handle (the node's name proxy).
struct name_binding {
  static constexpr const char* type_name = "lume::name_binding";
  std::string name;
  caf::actor handle;
};
BOOST_DESCRIBE_STRUCT(name_binding, (), (name, handle))

/// Introduces a node to a peer, and repeats its served names on change.
struct mesh_hello {
  static constexpr const char* type_name = "lume::mesh_hello";
  std::string node;
  caf::actor mesh;
  caf::actor inspector;
  std::vector<name_binding> names;
};
BOOST_DESCRIBE_STRUCT(mesh_hello, (), (node, mesh, inspector, names))

/// The state of a movable actor, replicated to the nodes that may host it next.
struct checkpoint {
  static constexpr const char* type_name = "lume::checkpoint";
  std::string name;
  uint64_t epoch = 0;
  /// Host time (µs) at which the state was taken.
  int64_t taken_us = 0;
  std::vector<char> state;
};
BOOST_DESCRIBE_STRUCT(checkpoint, (), (name, epoch, taken_us, state))

/// The operator's `move NAME NODE`, broadcast to every node.
struct placement_override {
  static constexpr const char* type_name = "lume::placement_override";
  std::string name;
  std::string node;
};
BOOST_DESCRIBE_STRUCT(placement_override, (), (name, node))

} // namespace lume

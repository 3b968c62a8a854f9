#pragma once

#include <string>
#include <vector>

#include <caf/actor_clock.hpp>

#include "system/config/node_config.hpp"
#include "system/mesh/mesh_messages.hpp"

namespace lume {

/// What a node believes of a peer.
enum class peer_state { up, suspect, down };

const char* to_string(peer_state x);

/// One peer of the mesh as this node sees it.
struct peer_view {
  peer_address address;
  peer_state state = peer_state::down;
  std::string reason = "not yet connected";
  bool heard = false;
  caf::actor_clock::time_point last_heartbeat;
  /// Movable actors the peer hosts, from its last heartbeat.
  std::vector<placement_claim> claims;
  /// Whether its last heartbeat said it sees this node up, and since when
  /// it has been up both ways.
  bool sees_self = false;
  caf::actor_clock::time_point mutual_since;
  /// The claims of the nodes it sees up, from its last heartbeat.
  std::vector<relayed_claim> relayed;
  /// The nodes it reaches both ways, from its last heartbeat.
  std::vector<std::string> mutual_peers;
  /// Set when the peer went down by silence: heartbeats it queued meanwhile
  /// may still arrive, stale. Its heartbeats count again only after a round
  /// trip on the same connection (`unfence`).
  bool fenced = false;
  /// When a heartbeat last arrived while fenced: the peer is alive but
  /// unverified, so this node must not decide placement yet.
  caf::actor_clock::time_point fenced_heartbeat;
  bool heard_while_fenced = false;
};

/// A state change for the log and the operator.
struct peer_change {
  std::string peer;
  peer_state from;
  peer_state to;
  std::string reason;
};

/// Failure detection over heartbeats, free of actors and sockets so that it
/// can be tested with a hand-driven clock. A peer is `up` while heartbeats
/// arrive, `suspect` after `suspect_after` of silence, `down` after
/// `down_after` or at once when its connection closes.
class membership {
public:
  using time_point = caf::actor_clock::time_point;

  membership(std::string self, const mesh_config& cfg);

  /// A heartbeat from `peer` arrived at `now`.
  std::vector<peer_change> heard(const mesh_heartbeat& hb, time_point now);

  /// The connection to `peer` closed.
  std::vector<peer_change> lost(const std::string& peer, const std::string& reason);

  /// A round trip to a fenced peer completed: what it sends next is fresh.
  void unfence(const std::string& peer);

  /// Whether this node has heard every peer (or waited `down_after` since
  /// `start` for those it has not) and no fenced peer is talking to it:
  /// only then may it start movable actors (it must first learn who runs
  /// what).
  bool settled(time_point start, time_point now) const;

  /// Applies the silence timeouts at `now`.
  std::vector<peer_change> tick(time_point now);

  /// Whether `node` is this node or a peer that is up.
  bool is_up(const std::string& node) const;

  /// Whether `node` is this node, or a peer that is up and sees this node
  /// up too: only such a peer counts towards a majority or may be given an
  /// actor. Under loss two nodes may each hear the other rarely enough that
  /// only one of them calls the other down.
  bool is_mutual(const std::string& node) const;

  /// Whether `node` is this node, or a peer up both ways for `at_least`
  /// by `now`.
  bool mutual_for(const std::string& node, caf::timespan at_least, time_point now) const;

  /// Whether a peer this node reaches both ways reaches `node` both ways
  /// (`node` is alive and in a majority with that peer).
  bool reached_through_peer(const std::string& node) const;

  /// The peers that are up (for heartbeats).
  std::vector<std::string> up_peers() const;

  /// The peers reached both ways (for heartbeats).
  std::vector<std::string> mutual_peers() const;

  /// Nodes this node reaches both ways, itself included.
  size_t reachable() const;

  /// Nodes of the mesh, this one included.
  size_t size() const {
    return peers_.size() + 1;
  }

  /// Whether this node and the peers it reaches both ways form a strict
  /// majority.
  bool majority() const {
    return 2 * reachable() > size();
  }

  const std::string& self() const {
    return self_;
  }

  const std::vector<peer_view>& peers() const {
    return peers_;
  }

  peer_view* find(const std::string& peer);

private:
  std::vector<peer_change> set(peer_view& peer, peer_state to, std::string reason);

  std::string self_;
  caf::timespan suspect_after_;
  caf::timespan down_after_;
  std::vector<peer_view> peers_;
};

} // namespace lume

#pragma once

#include <map>
#include <string>
#include <vector>

#include "system/config/node_config.hpp"
#include "system/mesh/membership.hpp"

namespace lume {

/// What this node must do with one movable actor.
struct placement_action {
  enum class kind { start, stop };
  kind what;
  std::string name;
  /// For `start`: the epoch of the new incarnation.
  uint64_t epoch = 0;
  std::string reason;
  /// For `stop`: incarnations below this epoch are superseded (0: none),
  /// so what they scheduled must not go out.
  uint64_t supersede_below = 0;
};

/// Decides where movable actors run, without a coordinator: every node
/// applies the same rule to its own membership view. A movable actor belongs
/// on the operator's override if that node is up both ways, otherwise (with
/// failback, or when nobody hosts it) on the first node of its list that
/// is; a node other than the current host must have been up both ways for
/// `failback_after` (a node that flaps under loss does not drag it along). Only a node in the majority partition starts movable actors, and only
/// when no peer claims the actor and no peer relays the claim of a node it
/// still sees (a node cut off from the host does not start a second one);
/// a node that loses the majority or is no longer the right host stops its
/// own. Each start takes a fresh epoch above every epoch seen, so consumers
/// can drop a stale incarnation. Of two incarnations that meet (a heal),
/// the one with the lower epoch (on a tie, the one later in the list) stops
/// and is superseded: the other keeps running, so the two never take turns
/// restarting above each other.
class placement {
public:
  using time_point = membership::time_point;

  /// A node other than the current host qualifies only once it has been up
  /// both ways for `failback_after`.
  placement(std::string self, const std::vector<child_spec>& actors,
            caf::timespan failback_after = caf::timespan{0});

  /// The node that should host `spec` at `now`; empty if no candidate is up.
  std::string desired(const child_spec& spec, const membership& view, time_point now) const;

  /// The starts and stops this node must perform at `now`; applies them to
  /// its own claims. Without `may_start` it only stops (a node still
  /// learning who runs what).
  std::vector<placement_action> reconcile(const membership& view, time_point now,
                                          bool may_start = true);

  /// `move NAME NODE`: prefer `node` for `name` while it is up.
  void set_override(const std::string& name, const std::string& node);

  /// A stop of `name` finished; until then the node still claims it, so that
  /// no peer starts it before its last checkpoint is out.
  void released(const std::string& name);

  /// Records an epoch seen in a claim or checkpoint.
  void saw_epoch(const std::string& name, uint64_t epoch);

  /// The movable actors this node hosts.
  std::vector<placement_claim> claims() const;

  /// The highest epoch seen of each movable actor (for heartbeats).
  std::vector<placement_claim> epochs() const;

  const std::vector<child_spec>& movable() const {
    return movable_;
  }

  /// Epoch of the incarnation this node hosts; 0 if it hosts none.
  uint64_t epoch_of(const std::string& name) const;

  bool hosts(const std::string& name) const {
    return hosted_.count(name) > 0;
  }

  /// Who hosts `name` as far as this node knows (itself or a peer).
  std::string host_of(const std::string& name, const membership& view) const;

private:
  std::string self_;
  caf::timespan failback_after_;
  std::vector<child_spec> movable_;
  std::map<std::string, uint64_t> hosted_;
  std::map<std::string, uint64_t> releasing_;
  std::map<std::string, uint64_t> max_epoch_;
  std::map<std::string, std::string> overrides_;
};

} // namespace lume

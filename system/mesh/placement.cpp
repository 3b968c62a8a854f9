#include "system/mesh/placement.hpp"

#include <algorithm>

namespace lume {

namespace {

const placement_claim* claim_of(const peer_view& peer, const std::string& name) {
  for (auto& claim : peer.claims)
    if (claim.name == name)
      return &claim;
  return nullptr;
}

/// An incarnation of a movable actor on another node.
struct rival {
  std::string node;
  uint64_t epoch = 0;
};

/// The incarnations of `name` on other nodes that this node knows of: the
/// claims of the peers it sees up, and the claims those peers relay of the
/// nodes they see up (which this node may not see).
std::vector<rival> rivals_of(const std::string& name, const membership& view) {
  std::vector<rival> result;
  for (auto& peer : view.peers()) {
    if (peer.state == peer_state::down)
      continue;
    if (auto claim = claim_of(peer, name))
      result.push_back({peer.address.name, claim->epoch});
    for (auto& relayed : peer.relayed)
      if (relayed.name == name && relayed.node != view.self())
        result.push_back({relayed.node, relayed.epoch});
  }
  return result;
}

/// The first epoch above `seen` that `self` may take for `spec`. Epochs are
/// dealt round-robin over the actor's list (only a listed node hosts it):
/// of n nodes the k-th takes the epochs ≡ k (mod n), so mac1, k11, mac5
/// take 1, 4, 7 …, 2, 5, 8 … and 3, 6, 9 …. Two nodes that start the actor
/// at once, each above the same epoch (a heal under loss), never take the
/// same one.
uint64_t next_epoch(const child_spec& spec, const std::string& self, uint64_t seen) {
  const uint64_t n = std::max<std::size_t>(spec.nodes.size(), 1);
  const auto at = std::find(spec.nodes.begin(), spec.nodes.end(), self);
  const uint64_t mine = (static_cast<uint64_t>(at - spec.nodes.begin()) + 1) % n;
  const uint64_t epoch = seen + 1;
  return epoch + (mine + n - epoch % n) % n;
}

/// Whether the incarnation (`epoch` on `node`) wins over (`other_epoch` on
/// `other`): the later epoch, on a tie the node earlier in the list.
bool wins(const child_spec& spec, uint64_t epoch, const std::string& node,
          uint64_t other_epoch, const std::string& other) {
  if (epoch != other_epoch)
    return epoch > other_epoch;
  auto rank = [&](const std::string& x) {
    return std::find(spec.nodes.begin(), spec.nodes.end(), x) - spec.nodes.begin();
  };
  if (rank(node) != rank(other))
    return rank(node) < rank(other);
  return node < other;
}

} // namespace

placement::placement(std::string self, const std::vector<child_spec>& actors,
                     caf::timespan failback_after)
  : self_(std::move(self)), failback_after_(failback_after) {
  for (auto& spec : actors)
    if (spec.movable)
      movable_.push_back(spec);
}

std::string placement::host_of(const std::string& name, const membership& view) const {
  if (hosts(name))
    return self_;
  for (auto& peer : view.peers())
    if (peer.state != peer_state::down && claim_of(peer, name) != nullptr)
      return peer.address.name;
  return {};
}

std::string placement::desired(const child_spec& spec, const membership& view,
                               time_point now) const {
  auto listed = [&](const std::string& node) {
    return std::find(spec.nodes.begin(), spec.nodes.end(), node) != spec.nodes.end();
  };
  auto host = host_of(spec.name, view);
  auto qualifies = [&](const std::string& node) {
    if (host.empty() || node == host)
      return view.is_mutual(node);
    return view.mutual_for(node, failback_after_, now);
  };
  if (auto i = overrides_.find(spec.name);
      i != overrides_.end() && listed(i->second) && qualifies(i->second))
    return i->second;
  if (!spec.failback && !host.empty() && listed(host))
    return host;
  for (auto& node : spec.nodes) {
    if (qualifies(node))
      return node;
    // Nobody hosts it, and a node earlier in the list that this one cannot
    // reach is in a majority with a peer: that node starts it (two nodes
    // cut from each other may each be in a majority with the third).
    if (host.empty() && view.reached_through_peer(node))
      return node;
  }
  return {};
}

std::vector<placement_action> placement::reconcile(const membership& view, time_point now,
                                                   bool may_start) {
  std::vector<placement_action> actions;
  bool majority = view.majority();
  for (auto& peer : view.peers())
    for (auto& claim : peer.claims)
      saw_epoch(claim.name, claim.epoch);
  for (auto& spec : movable_) {
    auto target = desired(spec, view, now);
    auto rivals = rivals_of(spec.name, view);
    for (auto& x : rivals)
      saw_epoch(spec.name, x.epoch);
    auto hosted = hosted_.find(spec.name);
    if (hosted != hosted_.end()) {
      const uint64_t mine = hosted->second;
      const rival* winner = nullptr;
      for (auto& x : rivals)
        if (wins(spec, x.epoch, x.node, mine, self_)
            && (winner == nullptr || wins(spec, x.epoch, x.node, winner->epoch, winner->node)))
          winner = &x;
      if (!majority || target != self_ || winner != nullptr) {
        placement_action stop{placement_action::kind::stop, spec.name, mine, {}};
        if (!majority) {
          stop.reason = "this node lost the majority";
          stop.supersede_below = mine + 1;
        } else if (winner != nullptr) {
          stop.reason = "a later incarnation runs on " + winner->node + " (epoch "
                        + std::to_string(winner->epoch) + ")";
          stop.supersede_below = std::max(winner->epoch, mine + 1);
        } else {
          stop.reason = "belongs on " + (target.empty() ? "no node" : target);
        }
        actions.push_back(std::move(stop));
        releasing_[spec.name] = mine;
        hosted_.erase(hosted);
      } else if (rivals.empty() && max_epoch_[spec.name] > mine) {
        // A later incarnation ran elsewhere and is gone: consumers drop this
        // epoch now, so it restarts above.
        auto epoch = next_epoch(spec, self_, max_epoch_[spec.name]);
        actions.push_back({placement_action::kind::stop, spec.name, mine,
                           "a later epoch ran elsewhere"});
        actions.push_back({placement_action::kind::start, spec.name, epoch,
                           "stays here with a fresh epoch"});
        hosted->second = epoch;
        max_epoch_[spec.name] = epoch;
      }
      continue;
    }
    if (may_start && majority && target == self_ && rivals.empty()
        && releasing_.count(spec.name) == 0) {
      auto epoch = next_epoch(spec, self_, max_epoch_[spec.name]);
      actions.push_back({placement_action::kind::start, spec.name, epoch,
                         "first surviving node of its list"});
      hosted_[spec.name] = epoch;
      max_epoch_[spec.name] = epoch;
    }
  }
  return actions;
}

void placement::set_override(const std::string& name, const std::string& node) {
  overrides_[name] = node;
}

void placement::released(const std::string& name) {
  releasing_.erase(name);
}

void placement::saw_epoch(const std::string& name, uint64_t epoch) {
  auto& x = max_epoch_[name];
  x = std::max(x, epoch);
}

uint64_t placement::epoch_of(const std::string& name) const {
  auto i = hosted_.find(name);
  return i == hosted_.end() ? 0 : i->second;
}

std::vector<placement_claim> placement::epochs() const {
  std::vector<placement_claim> result;
  for (auto& [name, epoch] : max_epoch_)
    if (epoch > 0)
      result.push_back({name, epoch});
  return result;
}

std::vector<placement_claim> placement::claims() const {
  std::vector<placement_claim> result;
  for (auto& [name, epoch] : hosted_)
    result.push_back({name, epoch});
  for (auto& [name, epoch] : releasing_)
    if (hosted_.count(name) == 0)
      result.push_back({name, epoch});
  return result;
}

} // namespace lume

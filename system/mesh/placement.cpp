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

} // namespace

placement::placement(std::string self, const std::vector<child_spec>& actors)
  : self_(std::move(self)) {
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

std::string placement::desired(const child_spec& spec, const membership& view) const {
  auto listed = [&](const std::string& node) {
    return std::find(spec.nodes.begin(), spec.nodes.end(), node) != spec.nodes.end();
  };
  if (auto i = overrides_.find(spec.name);
      i != overrides_.end() && listed(i->second) && view.is_up(i->second))
    return i->second;
  if (!spec.failback)
    if (auto host = host_of(spec.name, view); !host.empty() && listed(host))
      return host;
  for (auto& node : spec.nodes)
    if (view.is_up(node))
      return node;
  return {};
}

std::vector<placement_action> placement::reconcile(const membership& view, bool may_start) {
  std::vector<placement_action> actions;
  bool majority = view.majority();
  for (auto& peer : view.peers())
    for (auto& claim : peer.claims)
      saw_epoch(claim.name, claim.epoch);
  for (auto& spec : movable_) {
    auto target = desired(spec, view);
    uint64_t rival = 0;
    for (auto& peer : view.peers())
      if (peer.state != peer_state::down)
        if (auto claim = claim_of(peer, spec.name))
          rival = std::max(rival, claim->epoch);
    auto hosted = hosted_.find(spec.name);
    if (hosted != hosted_.end()) {
      if (!majority || target != self_) {
        actions.push_back({placement_action::kind::stop, spec.name, hosted->second,
                           majority ? "belongs on " + (target.empty() ? "no node" : target)
                                    : "this node lost the majority"});
        releasing_[spec.name] = hosted->second;
        hosted_.erase(hosted);
      } else if (rival >= hosted->second || max_epoch_[spec.name] > hosted->second) {
        // Another incarnation ran with a later epoch (a healed partition, or
        // a peer that started it before it heard of us): keep ours, above.
        auto epoch = max_epoch_[spec.name] + 1;
        actions.push_back({placement_action::kind::stop, spec.name, hosted->second,
                           "a peer runs it too"});
        actions.push_back({placement_action::kind::start, spec.name, epoch,
                           "stays here with a fresh epoch"});
        hosted->second = epoch;
        max_epoch_[spec.name] = epoch;
      }
      continue;
    }
    if (may_start && majority && target == self_ && rival == 0
        && releasing_.count(spec.name) == 0) {
      auto epoch = max_epoch_[spec.name] + 1;
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

#include "system/mesh/membership.hpp"

#include <algorithm>

#include <caf/deep_to_string.hpp>

namespace lume {

const char* to_string(peer_state x) {
  switch (x) {
    case peer_state::up: return "up";
    case peer_state::suspect: return "suspect";
    case peer_state::down: return "down";
  }
  return "?";
}

membership::membership(std::string self, const mesh_config& cfg)
  : self_(std::move(self)), suspect_after_(cfg.suspect_after),
    down_after_(cfg.down_after) {
  for (auto& address : cfg.peers) {
    peer_view peer;
    peer.address = address;
    peers_.push_back(std::move(peer));
  }
}

namespace {

/// Up, and its last heartbeat said it sees this node up.
bool reached_both_ways(const peer_view& peer) {
  return peer.state != peer_state::down && peer.sees_self;
}

} // namespace

peer_view* membership::find(const std::string& peer) {
  for (auto& x : peers_)
    if (x.address.name == peer)
      return &x;
  return nullptr;
}

std::vector<peer_change> membership::set(peer_view& peer, peer_state to,
                                         std::string reason) {
  if (peer.state == to)
    return {};
  peer_change change{peer.address.name, peer.state, to, reason};
  peer.state = to;
  peer.reason = std::move(reason);
  if (to == peer_state::down) {
    peer.claims.clear();
    peer.relayed.clear();
    peer.mutual_peers.clear();
    peer.sees_self = false;
  }
  return {change};
}

std::vector<peer_change> membership::heard(const mesh_heartbeat& hb, time_point now) {
  auto peer = find(hb.node);
  if (peer == nullptr)
    return {};
  if (peer->fenced) {
    peer->fenced_heartbeat = now;
    peer->heard_while_fenced = true;
    return {};
  }
  peer->heard = true;
  peer->last_heartbeat = now;
  peer->claims = hb.claims;
  peer->relayed = hb.relayed;
  peer->mutual_peers = hb.mutual;
  const bool was_mutual = reached_both_ways(*peer);
  peer->sees_self = std::find(hb.sees.begin(), hb.sees.end(), self_) != hb.sees.end();
  if (peer->sees_self && !was_mutual)
    peer->mutual_since = now;
  return set(*peer, peer_state::up, "heartbeat");
}

std::vector<peer_change> membership::lost(const std::string& name,
                                          const std::string& reason) {
  auto peer = find(name);
  return peer ? set(*peer, peer_state::down, reason) : std::vector<peer_change>{};
}

std::vector<peer_change> membership::tick(time_point now) {
  std::vector<peer_change> result;
  for (auto& peer : peers_) {
    if (!peer.heard || peer.state == peer_state::down)
      continue;
    auto silence = now - peer.last_heartbeat;
    std::vector<peer_change> changes;
    if (silence >= down_after_) {
      changes = set(peer, peer_state::down,
                    "no heartbeat for " + caf::deep_to_string(caf::timespan{down_after_}));
      peer.fenced = true;
    }
    else if (silence >= suspect_after_)
      changes = set(peer, peer_state::suspect,
                    "no heartbeat for " + caf::deep_to_string(caf::timespan{suspect_after_}));
    result.insert(result.end(), changes.begin(), changes.end());
  }
  return result;
}

void membership::unfence(const std::string& name) {
  if (auto peer = find(name)) {
    peer->fenced = false;
    peer->heard_while_fenced = false;
  }
}

bool membership::settled(time_point start, time_point now) const {
  for (auto& peer : peers_)
    if (peer.fenced && peer.heard_while_fenced && now - peer.fenced_heartbeat < down_after_)
      return false;
  if (now - start >= down_after_)
    return true;
  for (auto& peer : peers_)
    if (!peer.heard)
      return false;
  return true;
}

bool membership::is_up(const std::string& node) const {
  if (node == self_)
    return true;
  for (auto& peer : peers_)
    if (peer.address.name == node)
      return peer.state != peer_state::down;
  return false;
}

bool membership::is_mutual(const std::string& node) const {
  if (node == self_)
    return true;
  for (auto& peer : peers_)
    if (peer.address.name == node)
      return reached_both_ways(peer);
  return false;
}

bool membership::mutual_for(const std::string& node, caf::timespan at_least,
                            time_point now) const {
  if (node == self_)
    return true;
  for (auto& peer : peers_)
    if (peer.address.name == node)
      return reached_both_ways(peer) && now - peer.mutual_since >= at_least;
  return false;
}

bool membership::reached_through_peer(const std::string& node) const {
  for (auto& peer : peers_)
    if (reached_both_ways(peer)
        && std::find(peer.mutual_peers.begin(), peer.mutual_peers.end(), node)
             != peer.mutual_peers.end())
      return true;
  return false;
}

std::vector<std::string> membership::mutual_peers() const {
  std::vector<std::string> result;
  for (auto& peer : peers_)
    if (reached_both_ways(peer))
      result.push_back(peer.address.name);
  return result;
}

std::vector<std::string> membership::up_peers() const {
  std::vector<std::string> result;
  for (auto& peer : peers_)
    if (peer.state != peer_state::down)
      result.push_back(peer.address.name);
  return result;
}

size_t membership::reachable() const {
  size_t n = 1;
  for (auto& peer : peers_)
    if (reached_both_ways(peer))
      ++n;
  return n;
}

} // namespace lume

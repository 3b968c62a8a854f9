#include "system/mesh/mesh_actor.hpp"

#include <boost/json.hpp>
#include <caf/actor_cast.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/stateful_actor.hpp>

#include "system/log/log.hpp"
#include "system/supervision/supervisor.hpp"

namespace lume {

namespace {

constexpr auto connect_timeout = std::chrono::seconds{2};
constexpr auto supervisor_timeout = std::chrono::seconds{10};

const child_spec* spec_of(const node_context& ctx, const std::string& name) {
  for (auto& spec : ctx.config.actors)
    if (spec.name == name)
      return &spec;
  return nullptr;
}

/// Names this node serves: its pinned actors and the movable ones it hosts.
/// A name its supervisor has not started yet is declared here, so that a
/// hello sent while the tree starts names it too (its proxy queues until
/// the supervisor binds it).
std::vector<name_binding> served_names(mesh_self self) {
  auto& st = self->state;
  std::vector<name_binding> result;
  for (auto& spec : st.ctx->config.actors)
    if (!spec.movable || st.place->hosts(spec.name))
      result.push_back({spec.name, st.ctx->names->declare(spec.name, spec.kind, spec.supervisor).handle});
  return result;
}

mesh_hello make_hello(mesh_self self) {
  return {self->state.ctx->config.node, caf::actor_cast<caf::actor>(self),
          self->state.inspector, served_names(self)};
}

void announce(mesh_self self) {
  auto hello = make_hello(self);
  for (auto& [peer, link] : self->state.links)
    if (link.mesh)
      self->send(link.mesh, hello);
}

/// Messages to names served by `peer` queue from now on.
void unbind_names_of(mesh_self self, const std::string& peer) {
  auto& st = self->state;
  for (auto& binding : st.links[peer].served)
    if (auto entry = st.ctx->names->find(binding.name);
        entry && entry->proxy->remote_node() == peer)
      entry->proxy->suspend();
}

/// Routes a name `peer` serves to it, unless this node hosts the name.
/// With `only_unbound`, leaves names bound elsewhere since (a peer back up
/// on the same connection must not take back what moved meanwhile).
void bind_name(mesh_self self, const std::string& peer, const name_binding& binding,
               bool only_unbound) {
  auto& st = self->state;
  auto entry = st.ctx->names->declare(binding.name, "remote", "");
  if (st.place->hosts(binding.name))
    return;
  bool bound = static_cast<bool>(entry.proxy->current());
  bool local = bound && entry.proxy->remote_node().empty();
  if (!local && !(only_unbound && bound))
    entry.proxy->bind_remote(binding.handle, peer);
}

/// A peer back up on the connection it had: its names flow again.
void rebind_names_of(mesh_self self, const std::string& peer) {
  for (auto& binding : self->state.links[peer].served)
    bind_name(self, peer, binding, true);
}

/// The claims of the peers this node sees up, for its heartbeat.
std::vector<relayed_claim> relayed_claims(const membership& view) {
  std::vector<relayed_claim> result;
  for (auto& peer : view.peers())
    if (peer.state != peer_state::down)
      for (auto& claim : peer.claims)
        result.push_back({peer.address.name, claim.name, claim.epoch});
  return result;
}

/// Logs when this node enters or leaves a minority (a peer's heartbeat can
/// change it without a change of state: the peer stops or starts seeing
/// this node).
void log_majority(mesh_self self) {
  auto& st = self->state;
  bool majority = st.view->majority();
  if (majority == st.majority)
    return;
  st.majority = majority;
  if (majority)
    st.log->warn("mesh {} is in the majority: reaches {} of {} nodes both ways",
                 st.ctx->config.node, st.view->reachable(), st.view->size());
  else
    st.log->warn("mesh {} is in a minority: reaches {} of {} nodes both ways",
                 st.ctx->config.node, st.view->reachable(), st.view->size());
}

void log_changes(mesh_self self, const std::vector<peer_change>& changes) {
  auto& st = self->state;
  for (auto& change : changes) {
    st.log->warn("mesh {} sees {} {} -> {} ({})", st.ctx->config.node, change.peer,
                 to_string(change.from), to_string(change.to), change.reason);
    if (change.to == peer_state::down)
      unbind_names_of(self, change.peer);
    else if (change.from == peer_state::down && change.to == peer_state::up)
      rebind_names_of(self, change.peer);
  }
  log_majority(self);
}

caf::actor supervisor_of(mesh_self self, const std::string& name) {
  auto spec = spec_of(*self->state.ctx, name);
  return spec ? self->state.ctx->names->lookup(spec->supervisor) : caf::actor{};
}

/// After this node stopped hosting `name` (or a peer `except` released it):
/// the peer that claims it with the highest epoch gets its messages. Its hello may have come while this node
/// still hosted the name (bind_name leaves a hosted name alone), and no
/// other hello need follow: without this the proxy would queue for good.
void bind_to_claimant(mesh_self self, const std::string& name, const std::string& except = {}) {
  auto& st = self->state;
  std::string best;
  uint64_t best_epoch = 0;
  for (auto& peer : st.view->peers())
    if (peer.state != peer_state::down && peer.address.name != except)
      for (auto& claim : peer.claims)
        if (claim.name == name && claim.epoch > best_epoch) {
          best = peer.address.name;
          best_epoch = claim.epoch;
        }
  if (best.empty())
    return;
  for (auto& binding : st.links[best].served)
    if (binding.name == name)
      bind_name(self, best, binding, false);
}

/// Stops the local incarnation of `name`; its proxy queues from now on.
void stop(mesh_self self, const std::string& name) {
  if (auto entry = self->state.ctx->names->find(name))
    entry->proxy->suspend();
  auto released = [self, name] {
    self->state.place->released(name);
    bind_to_claimant(self, name);
    announce(self);
  };
  self->request(supervisor_of(self, name), supervisor_timeout, atom::terminate_child_v, name)
    .then([released](bool) { released(); }, [released](caf::error&) { released(); });
}

/// Stops `name`, which leaves this node: first every peer that is up stops
/// sending to our proxy of it and queues instead, until the next host
/// announces it. What a peer sent before is then in the old incarnation's
/// mailbox (a BASP connection keeps order), and nothing of a peer waits
/// here, where its flush to the next host would race the peer's later
/// messages: per sender, nothing is lost or reordered by the move.
void release(mesh_self self, const std::string& name) {
  auto& st = self->state;
  std::vector<mesh_actor> peers;
  for (auto& [peer, link] : st.links)
    if (link.mesh && st.view->is_up(peer))
      peers.push_back(link.mesh);
  if (peers.empty()) {
    stop(self, name);
    return;
  }
  auto left = std::make_shared<size_t>(peers.size());
  auto answered = [self, name, left] {
    if (--*left == 0)
      stop(self, name);
  };
  for (auto& peer : peers)
    self->request(peer, st.ctx->config.mesh.down_after, atom::release_v, st.ctx->config.node,
                  name)
      .then([answered](bool) { answered(); }, [answered](caf::error&) { answered(); });
}

/// Starts this node's incarnation of `name`.
void start(mesh_self self, const std::string& name) {
  self->request(supervisor_of(self, name), supervisor_timeout, atom::restart_child_v, name)
    .then(
      [self, name](bool started) {
        if (!started)
          self->state.log->error("mesh cannot start {}: its supervisor did not", name);
        announce(self);
      },
      [self, name](caf::error& err) {
        self->state.log->error("mesh cannot start {}: {}", name, self->system().render(err));
      });
}

/// Asks every peer up both ways for its newest checkpoint of `name`, keeps
/// the newest, then calls `done` (after one heartbeat at most). Under loss
/// the old host's checkpoints may have reached a third node but not this
/// one: its TCP stream to this node waited on retransmissions.
template <class Done>
void fetch_newest_checkpoint(mesh_self self, const std::string& name, Done done) {
  auto& st = self->state;
  std::vector<mesh_actor> peers;
  for (auto& [peer, link] : st.links)
    if (link.mesh && st.view->is_mutual(peer))
      peers.push_back(link.mesh);
  if (peers.empty()) {
    done();
    return;
  }
  auto left = std::make_shared<size_t>(peers.size());
  auto answered = [left, done] {
    if (--*left == 0)
      done();
  };
  for (auto& peer : peers)
    self->request(peer, st.ctx->config.mesh.heartbeat, atom::get_v, name)
      .then(
        [self, answered](checkpoint& cp) {
          if (!cp.name.empty())
            self->state.ctx->checkpoints->put(std::move(cp));
          answered();
        },
        [answered](caf::error&) { answered(); });
}

void reconcile(mesh_self self) {
  auto& st = self->state;
  const auto now = self->clock().now();
  auto may_start = st.view->settled(st.started, now);
  for (auto& action : st.place->reconcile(*st.view, now, may_start)) {
    if (action.what == placement_action::kind::start) {
      st.log->warn("mesh {} starts {} (epoch {}): {}", st.ctx->config.node, action.name,
                   action.epoch, action.reason);
      st.ctx->checkpoints->set_epoch(action.name, action.epoch);
      fetch_newest_checkpoint(self, action.name, [self, name = action.name, epoch = action.epoch] {
        // Placement may have changed its mind while the peers answered.
        if (self->state.place->epoch_of(name) == epoch)
          start(self, name);
      });
    } else {
      st.log->warn("mesh {} stops {}: {}", st.ctx->config.node, action.name, action.reason);
      // A restart here under a fresh epoch keeps the name on this node. A
      // superseded incarnation stops at once: the peers that still reach
      // this node rebind when its hello drops the name, and what reaches
      // its proxy meanwhile goes on to the next host. Only a planned move
      // first asks the peers to hold their messages (release).
      if (action.supersede_below > 0) {
        st.ctx->checkpoints->supersede(action.name, action.supersede_below);
        stop(self, action.name);
      } else if (st.place->hosts(action.name)) {
        stop(self, action.name);
      } else {
        release(self, action.name);
      }
    }
  }
}

/// Connects with BASP over TLS when the mesh has a CA, else plain BASP.
caf::io::middleman_actor connector(mesh_self self) {
  auto& mesh = self->state.ctx->config.mesh;
  if (mesh.tls.enabled && mesh.port != 0)
    return self->system().openssl_manager().actor_handle();
  return self->system().middleman().actor_handle();
}

/// Logs, once until the next success, that the handshake with `peer` failed:
/// the refusal of a node of another mesh (or of none), named and addressed.
/// A peer that is down or slow (refused, timed out) is not logged here.
void refused(mesh_self self, const std::string& peer, const caf::error& err) {
  auto& st = self->state;
  auto& link = st.links[peer];
  bool handshake = err == caf::sec::disconnect_during_handshake
                   || err == caf::sec::incompatible_versions
                   || err == caf::sec::incompatible_application_ids;
  if (link.refused || !handshake)
    return;
  link.refused = true;
  auto view = st.view->find(peer);
  auto where = view ? view->address.host + ':' + std::to_string(view->address.port) : "?";
  if (self->system().has_openssl_manager())
    st.log->warn("mesh {} refused peer {} at {}: TLS handshake failed ({}): one side presents "
                 "no certificate signed by the other's mesh CA, or does not speak TLS",
                 st.ctx->config.node, peer, where, self->system().render(err));
  else
    st.log->warn("mesh {} refused peer {} at {}: BASP handshake failed ({}): another mesh or "
                 "version, or the peer requires TLS",
                 st.ctx->config.node, peer, where, self->system().render(err));
}

void connect(mesh_self self, const std::string& peer) {
  auto& link = self->state.links[peer];
  if (link.mesh || link.connecting)
    return;
  auto view = self->state.view->find(peer);
  if (view == nullptr)
    return;
  link.connecting = true;
  self->request(connector(self), connect_timeout, caf::connect_atom::value, view->address.host,
                view->address.port)
    .then(
      [self, peer](const caf::node_id&, caf::strong_actor_ptr& ptr,
                   const std::set<std::string>&) {
        auto& link = self->state.links[peer];
        link.connecting = false;
        link.refused = false;
        if (link.mesh || !ptr)
          return;
        link.mesh = caf::actor_cast<mesh_actor>(ptr);
        self->monitor(link.mesh);
        self->send(link.mesh, make_hello(self));
      },
      [self, peer](caf::error& err) {
        self->state.links[peer].connecting = false;
        refused(self, peer, err);
        self->delayed_send(self, self->state.ctx->config.mesh.reconnect, atom::connect_v,
                           peer);
      });
}

bool from_peer(mesh_self self) {
  auto sender = self->current_sender();
  for (auto& [peer, link] : self->state.links)
    if (link.mesh && sender == caf::actor_cast<caf::strong_actor_ptr>(link.mesh))
      return true;
  return false;
}

/// Records a checkpoint's epoch; for a local one, also the peers that may
/// host its actor next, which get a copy (the confirmed ones only when up).
std::vector<mesh_actor> take_checkpoint(mesh_self self, checkpoint& cp, bool local,
                                        bool only_up) {
  auto& st = self->state;
  // The last words of an incarnation being replaced here under a fresh
  // epoch carry that epoch, so that the successor restores them.
  if (local)
    cp.epoch = std::max(cp.epoch, st.place->epoch_of(cp.name));
  st.place->saw_epoch(cp.name, cp.epoch);
  std::vector<mesh_actor> peers;
  if (local)
    if (auto spec = spec_of(*st.ctx, cp.name))
      for (auto& node : spec->nodes)
        if (auto i = st.links.find(node); i != st.links.end() && i->second.mesh
                                           && (!only_up || st.view->is_up(node)))
          peers.push_back(i->second.mesh);
  return peers;
}

std::string render_nodes(mesh_self self) {
  auto& st = self->state;
  auto now = self->clock().now();
  auto names_of = [](const std::vector<placement_claim>& claims) {
    boost::json::array xs;
    for (auto& claim : claims)
      xs.push_back(boost::json::string{claim.name});
    return xs;
  };
  auto& mesh = st.ctx->config.mesh;
  boost::json::array rows;
  rows.push_back({{"name", st.ctx->config.node},
                  {"address", mesh.address + ':' + std::to_string(mesh.port)},
                  {"state", "up"},
                  {"reason", "this node"},
                  {"self", true},
                  {"majority", st.view->majority()},
                  {"heartbeat_age_ms", 0},
                  {"actors", names_of(st.place->claims())}});
  for (auto& peer : st.view->peers()) {
    boost::json::value age = nullptr;
    if (peer.heard)
      age = std::chrono::duration<double, std::milli>(now - peer.last_heartbeat).count();
    rows.push_back({{"name", peer.address.name},
                    {"address", peer.address.host + ':' + std::to_string(peer.address.port)},
                    {"state", to_string(peer.state)},
                    {"reason", peer.reason},
                    {"self", false},
                    {"heartbeat_age_ms", age},
                    {"actors", names_of(peer.claims)}});
  }
  return boost::json::serialize(rows);
}

} // namespace

mesh_actor::behavior_type mesh(mesh_self self, std::shared_ptr<const node_context> ctx,
                               caf::actor inspector) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.inspector = std::move(inspector);
  st.log = role_logger("mesh");
  st.view = std::make_unique<membership>(st.ctx->config.node, st.ctx->config.mesh);
  st.place = std::make_unique<placement>(st.ctx->config.node, st.ctx->config.actors,
                                         st.ctx->config.mesh.failback_after);
  st.majority = st.view->majority();
  for (auto& peer : st.ctx->config.mesh.peers) {
    st.links[peer.name];
    self->send(self, atom::connect_v, peer.name);
  }
  st.started = self->clock().now();
  st.next_tick = st.started;
  self->send(self, atom::tick_v);
  self->set_down_handler([self](caf::down_msg& msg) {
    auto& st = self->state;
    for (auto& [peer, link] : st.links) {
      if (!link.mesh || link.mesh.address() != msg.source)
        continue;
      link.mesh = nullptr;
      link.inspector = nullptr;
      log_changes(self, st.view->lost(peer, "connection closed"));
      reconcile(self);
      self->delayed_send(self, st.ctx->config.mesh.reconnect, atom::connect_v, peer);
      return;
    }
  });
  return {
    [self](const mesh_hello& hello) {
      auto& st = self->state;
      auto i = st.links.find(hello.node);
      if (i == st.links.end() || !hello.mesh) {
        st.log->warn("mesh {} ignores a hello from unknown node {}", st.ctx->config.node,
                     hello.node);
        return;
      }
      auto& link = i->second;
      auto sender = caf::actor_cast<mesh_actor>(hello.mesh);
      if (link.mesh != sender) {
        // A new connection carries nothing stale.
        st.view->unfence(hello.node);
        link.mesh = sender;
        self->monitor(link.mesh);
        self->send(link.mesh, make_hello(self));
      }
      link.inspector = hello.inspector;
      std::set<std::string> names;
      for (auto& binding : hello.names) {
        names.insert(binding.name);
        bind_name(self, hello.node, binding, false);
      }
      auto before = std::move(link.served);
      link.served = hello.names;
      // A name the peer stopped serving: another peer may already run it
      // (the winner of a heal), and its hello came before.
      for (auto& binding : before)
        if (names.count(binding.name) == 0)
          if (auto entry = st.ctx->names->find(binding.name);
              entry && entry->proxy->remote_node() == hello.node) {
            entry->proxy->suspend();
            bind_to_claimant(self, binding.name, hello.node);
          }
    },
    [self](const mesh_heartbeat& hb) {
      auto& st = self->state;
      // Even a stale heartbeat's epochs are epochs that were used.
      for (auto& x : hb.epochs)
        st.place->saw_epoch(x.name, x.epoch);
      auto peer = st.view->find(hb.node);
      if (peer != nullptr && peer->fenced) {
        st.view->heard(hb, self->clock().now());
        // Heartbeats queued while the link was cut arrive stale; a round
        // trip on the same connection drains them.
        auto link = st.links.find(hb.node);
        if (link != st.links.end() && link->second.mesh && st.unfencing.insert(hb.node).second)
          self->request(link->second.mesh, st.ctx->config.mesh.down_after, atom::nodes_v)
            .then(
              [self, node = hb.node](const std::string&) {
                self->state.unfencing.erase(node);
                self->state.view->unfence(node);
              },
              [self, node = hb.node](caf::error&) { self->state.unfencing.erase(node); });
        return;
      }
      log_changes(self, st.view->heard(hb, self->clock().now()));
      reconcile(self);
    },
    [self](checkpoint& cp) {
      bool local = !from_peer(self);
      for (auto& peer : take_checkpoint(self, cp, local, false))
        self->send(peer, cp);
      self->state.ctx->checkpoints->put(std::move(cp));
    },
    [self](atom::checkpoint, checkpoint& cp) -> caf::result<uint64_t> {
      bool local = !from_peer(self);
      auto peers = take_checkpoint(self, cp, local, true);
      auto& st = self->state;
      if (!local || peers.empty()) {
        st.ctx->checkpoints->put(std::move(cp));
        return uint64_t{local ? 0u : 1u};
      }
      struct tally {
        caf::typed_response_promise<uint64_t> promise;
        size_t waiting = 0;
        uint64_t held = 0;
      };
      auto count = std::make_shared<tally>();
      count->promise = self->make_response_promise<uint64_t>();
      count->waiting = peers.size();
      auto answered = [count](bool held) {
        count->held += held ? 1 : 0;
        if (--count->waiting == 0)
          count->promise.deliver(count->held);
      };
      for (auto& peer : peers)
        self->request(peer, st.ctx->config.mesh.down_after, atom::checkpoint_v, cp)
          .then([answered](uint64_t) { answered(true); },
                [answered](caf::error&) { answered(false); });
      st.ctx->checkpoints->put(std::move(cp));
      return count->promise;
    },
    [self](const placement_override& x) {
      auto& st = self->state;
      st.place->set_override(x.name, x.node);
      if (!from_peer(self))
        for (auto& [peer, link] : st.links)
          if (link.mesh)
            self->send(link.mesh, x);
      reconcile(self);
    },
    [self](atom::release, const std::string& node, const std::string& name) {
      if (auto entry = self->state.ctx->names->find(name);
          entry && entry->proxy->remote_node() == node) {
        entry->proxy->suspend();
        // Another peer may already run it (two hosts after a heal): its
        // hello came before and will not come again.
        bind_to_claimant(self, name, node);
      }
      return true;
    },
    [self](atom::get, const std::string& name) {
      auto cp = self->state.ctx->checkpoints->get(name);
      return cp ? std::move(*cp) : checkpoint{};
    },
    [self](atom::nodes) { return render_nodes(self); },
    [self](atom::inspect) {
      std::vector<name_binding> result;
      for (auto& [peer, link] : self->state.links)
        if (link.inspector && self->state.view->is_up(peer))
          result.push_back({peer, link.inspector});
      return result;
    },
    [self](atom::tick) {
      auto& st = self->state;
      mesh_heartbeat hb{st.ctx->config.node,      ++st.seq,
                        st.place->claims(),       st.place->epochs(),
                        st.view->up_peers(),      st.view->mutual_peers(),
                        relayed_claims(*st.view)};
      for (auto& [peer, link] : st.links)
        if (link.mesh)
          self->send(link.mesh, hb);
      log_changes(self, st.view->tick(self->clock().now()));
      reconcile(self);
      st.next_tick += st.ctx->config.mesh.heartbeat;
      if (st.next_tick < self->clock().now())
        st.next_tick = self->clock().now();
      self->scheduled_send(self, st.next_tick, atom::tick_v);
    },
    [self](atom::connect, const std::string& peer) { connect(self, peer); },
  };
}

} // namespace lume

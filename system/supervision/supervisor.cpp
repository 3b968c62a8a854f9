#include "system/supervision/supervisor.hpp"

#include <boost/json.hpp>
#include <caf/actor_cast.hpp>
#include <caf/deep_to_string.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/stateful_actor.hpp>

#include "system/errors.hpp"
#include "system/log/log.hpp"

namespace lume {

namespace {

using phase = child_slot::phase;

/// OTP: `normal` and `shutdown` are normal exits; everything else is a crash.
bool is_normal_exit(const caf::error& reason) {
  return !reason || reason == caf::exit_reason::normal
         || reason == caf::exit_reason::user_shutdown;
}

bool start_child(supervisor_self self, size_t index) {
  auto& st = self->state;
  auto& slot = st.children[index];
  auto child = spawn_child(self->system(), slot.spec, st.ctx);
  if (!child) {
    st.log->error("{} failed to start {}: {}", st.spec.name, slot.spec.name,
                  self->system().render(child.error()));
    return false;
  }
  slot.current = *child;
  slot.state = phase::running;
  st.child_signals[slot.current.address()] = 2;
  self->monitor(slot.current);
  self->link_to(slot.current);
  slot.entry.proxy->bind(slot.current);
  st.log->debug("{} started {}", st.spec.name, slot.spec.name);
  return true;
}

void finish_termination(supervisor_self self) {
  auto& st = self->state;
  bool shutdown = is_normal_exit(st.quit_reason);
  if (shutdown)
    for (auto& slot : st.children)
      slot.entry.proxy->release();
  for (auto& promise : st.shutdown_promises)
    promise.deliver(true);
  st.log->debug("{} stopped all children", st.spec.name);
  self->quit(st.quit_reason);
}

void handle_exit(supervisor_self self, size_t index, caf::error reason);

/// Consumes one expected signal of a child; false if `source` is no child.
bool count_signal(supervisor_state& st, const caf::actor_addr& source) {
  auto i = st.child_signals.find(source);
  if (i == st.child_signals.end())
    return false;
  if (--i->second == 0)
    st.child_signals.erase(i);
  return true;
}

void restart_group(supervisor_self self) {
  auto& st = self->state;
  auto group = std::move(st.restart_group);
  st.restart_group.clear();
  for (auto index : group) {
    auto& slot = st.children[index];
    if (slot.spec.restart == restart_type::temporary) {
      slot.removed = true;
      slot.entry.proxy->release();
      continue;
    }
    if (!start_child(self, index)) {
      handle_exit(self, index, make_error(ec::spawn_failed, slot.spec.name));
      return;
    }
  }
  while (!st.deferred.empty() && st.stop_queue.empty() && !st.terminating) {
    auto [index, reason] = st.deferred.front();
    st.deferred.pop_front();
    handle_exit(self, index, reason);
  }
}

/// Stops the front of stop_queue, or finishes the pending restart or
/// termination when nothing is left to stop.
void continue_stopping(supervisor_self self) {
  auto& st = self->state;
  while (!st.stop_queue.empty()) {
    auto index = st.stop_queue.front();
    auto& slot = st.children[index];
    if (slot.state == phase::stopping)
      return;
    if (slot.state == phase::running && slot.current) {
      slot.state = phase::stopping;
      self->send_exit(slot.current, caf::exit_reason::user_shutdown);
      self->delayed_send(self, slot.spec.shutdown, atom::stop_timeout_v,
                         static_cast<uint64_t>(index), slot.current.id());
      return;
    }
    st.stop_queue.pop_front();
  }
  if (st.terminating)
    finish_termination(self);
  else
    restart_group(self);
}

void terminate(supervisor_self self, caf::error reason) {
  auto& st = self->state;
  if (st.terminating)
    return;
  st.terminating = true;
  st.quit_reason = std::move(reason);
  st.restart_group.clear();
  st.deferred.clear();
  std::deque<size_t> order;
  for (size_t i = st.children.size(); i-- > 0;)
    if (std::find(st.stop_queue.begin(), st.stop_queue.end(), i) == st.stop_queue.end())
      order.push_back(i);
  // A child being stopped stays at the front.
  for (auto i : order)
    st.stop_queue.push_back(i);
  continue_stopping(self);
}

void handle_exit(supervisor_self self, size_t index, caf::error reason) {
  auto& st = self->state;
  auto& slot = st.children[index];
  if (!st.stop_queue.empty() || !st.restart_group.empty()) {
    st.deferred.emplace_back(index, std::move(reason));
    return;
  }
  bool normal = is_normal_exit(reason);
  bool restart = slot.spec.restart == restart_type::permanent
                 || (slot.spec.restart == restart_type::transient && !normal);
  st.log->info("{} saw {} exit: {}", st.spec.name, slot.spec.name,
               self->system().render(reason));
  if (!restart) {
    slot.removed = slot.spec.restart == restart_type::temporary;
    slot.entry.proxy->release();
    return;
  }
  if (!st.intensity->record(self->clock().now())) {
    st.log->error("{} reached its restart intensity ({} in {}), giving up",
                  st.spec.name, st.spec.flags.intensity,
                  caf::deep_to_string(st.spec.flags.period));
    terminate(self, make_error(ec::restart_intensity_reached, st.spec.name));
    return;
  }
  size_t first = index;
  size_t last = index + 1;
  switch (st.spec.flags.strategy) {
    case restart_strategy::one_for_one:
      break;
    case restart_strategy::one_for_all:
      first = 0;
      last = st.children.size();
      break;
    case restart_strategy::rest_for_one:
      last = st.children.size();
      break;
  }
  for (size_t i = first; i < last; ++i)
    if (!st.children[i].removed && (i == index || st.children[i].state != phase::stopped))
      st.restart_group.push_back(i);
  for (size_t i = last; i-- > first;)
    if (i != index && st.children[i].state == phase::running)
      st.stop_queue.push_back(i);
  continue_stopping(self);
}

std::string render_state(supervisor_self self) {
  auto& st = self->state;
  boost::json::array children;
  for (auto& slot : st.children) {
    if (slot.removed)
      continue;
    children.push_back({{"name", slot.spec.name},
                        {"kind", slot.spec.kind},
                        {"restart", to_string(slot.spec.restart)},
                        {"status", to_string(slot.entry.proxy->status())},
                        {"restarts", slot.entry.proxy->restarts()}});
  }
  boost::json::object result{
    {"strategy", to_string(st.spec.flags.strategy)},
    {"intensity", st.spec.flags.intensity},
    {"period", caf::deep_to_string(st.spec.flags.period)},
    {"restarts_in_period", st.intensity->recent(self->clock().now())},
    {"terminating", st.terminating},
    {"mailbox", self->mailbox().size()},
    {"children", std::move(children)}};
  return boost::json::serialize(result);
}

} // namespace

supervisor_actor::behavior_type supervisor(supervisor_self self, child_spec spec,
                                           std::shared_ptr<const node_context> ctx) {
  auto& st = self->state;
  st.spec = std::move(spec);
  st.ctx = std::move(ctx);
  st.intensity = std::make_unique<restart_intensity>(st.spec.flags);
  st.log = role_logger("supervisor");
  for (auto& child : st.ctx->children_of(st.spec.name)) {
    auto entry = st.ctx->names->declare(child.name, child.kind, st.spec.name);
    st.children.push_back({child, entry, caf::actor{}, phase::stopped, false, {}, {}});
  }
  caf::error start_failure;
  for (size_t i = 0; i < st.children.size(); ++i) {
    // Movable children start where the mesh places them (restart_child).
    if (st.children[i].spec.movable)
      continue;
    if (!start_child(self, i)) {
      start_failure = make_error(ec::spawn_failed, st.children[i].spec.name);
      break;
    }
  }
  self->set_down_handler([self](caf::down_msg& msg) {
    auto& st = self->state;
    count_signal(st, msg.source);
    for (size_t i = 0; i < st.children.size(); ++i) {
      auto& slot = st.children[i];
      if (!slot.current || slot.current.address() != msg.source)
        continue;
      auto was = slot.state;
      slot.current = nullptr;
      slot.state = phase::stopped;
      if (was == phase::stopping) {
        for (auto& promise : slot.stop_promises)
          promise.deliver(true);
        slot.stop_promises.clear();
        st.stop_queue.pop_front();
        if (!slot.start_promises.empty() && !st.terminating) {
          auto started = start_child(self, i);
          for (auto& promise : slot.start_promises)
            promise.deliver(started);
          slot.start_promises.clear();
        }
        continue_stopping(self);
      } else {
        handle_exit(self, i, std::move(msg.reason));
      }
      return;
    }
  });
  self->set_exit_handler([self](caf::exit_msg& msg) {
    // Children are linked (so they die with us) but observed via monitor;
    // an exit from anyone else is an order to shut down.
    if (!count_signal(self->state, msg.source))
      terminate(self, std::move(msg.reason));
  });
  // OTP: a child that fails to start makes its supervisor stop the ones
  // started so far, in reverse order and each within its shutdown time, and
  // fail. That takes messages, so it starts once this init is done.
  if (start_failure)
    self->send_exit(self, std::move(start_failure));
  return {
    [self](atom::inspect) -> std::string { return render_state(self); },
    [self](atom::shutdown) -> caf::result<bool> {
      auto promise = self->make_response_promise<bool>();
      self->state.shutdown_promises.push_back(promise);
      terminate(self, caf::exit_reason::user_shutdown);
      return promise;
    },
    [self](atom::restart_child, const std::string& name) -> caf::result<bool> {
      auto& st = self->state;
      for (size_t i = 0; i < st.children.size(); ++i) {
        auto& slot = st.children[i];
        if (slot.spec.name != name || slot.removed || st.terminating)
          continue;
        if (slot.state == phase::stopped)
          return start_child(self, i);
        // Stopping, or still running behind others in the stop queue of a
        // terminate_child (it has a stop promise): it starts once stopped.
        if (slot.state == phase::stopping || !slot.stop_promises.empty()) {
          auto promise = self->make_response_promise<bool>();
          slot.start_promises.push_back(promise);
          return promise;
        }
      }
      return false;
    },
    [self](atom::terminate_child, const std::string& name) -> caf::result<bool> {
      auto& st = self->state;
      for (size_t i = 0; i < st.children.size(); ++i) {
        auto& slot = st.children[i];
        if (slot.spec.name != name || slot.state == phase::stopped)
          continue;
        auto promise = self->make_response_promise<bool>();
        slot.stop_promises.push_back(promise);
        if (std::find(st.stop_queue.begin(), st.stop_queue.end(), i) == st.stop_queue.end()) {
          st.stop_queue.push_back(i);
          if (st.stop_queue.size() == 1)
            continue_stopping(self);
        }
        return promise;
      }
      return false;
    },
    [self](atom::stop_timeout, uint64_t index, caf::actor_id id) {
      auto& st = self->state;
      if (index >= st.children.size())
        return;
      auto& slot = st.children[index];
      if (slot.state == phase::stopping && slot.current && slot.current.id() == id) {
        st.log->warn("{} killed {}: no stop within {}", st.spec.name,
                     slot.spec.name, caf::deep_to_string(slot.spec.shutdown));
        self->send_exit(slot.current, caf::exit_reason::kill);
      }
    },
  };
}

caf::expected<caf::actor> spawn_child(caf::actor_system& sys, const child_spec& spec,
                                      std::shared_ptr<const node_context> ctx) {
  if (spec.is_supervisor())
    return caf::actor_cast<caf::actor>(sys.spawn(supervisor, spec, std::move(ctx)));
  auto kind = ctx->kinds->find(spec.kind);
  if (kind == nullptr)
    return make_error(ec::spawn_failed, "unknown kind " + spec.kind);
  return kind->spawn(sys, spec, ctx);
}

} // namespace lume

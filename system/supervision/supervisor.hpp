#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/logger.h>

#include "system/messages/type_ids.hpp"
#include "system/node/node_context.hpp"
#include "system/supervision/restart_intensity.hpp"

namespace lume {

/// An Erlang/OTP supervisor: starts its children in order, restarts them by
/// strategy and restart type within its intensity, stops them in reverse
/// order, and fails (escalating to its parent) when the intensity is reached.
using supervisor_actor = caf::typed_actor<
  /// Answers the supervisor's state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// Stops all children in reverse start order, answers, then quits.
  caf::replies_to<atom::shutdown>::with<bool>,
  /// Starts a stopped child again (the mesh places a movable actor here).
  caf::replies_to<atom::restart_child, std::string>::with<bool>,
  /// Stops a child for good, answering once it is down (the mesh moves it).
  caf::replies_to<atom::terminate_child, std::string>::with<bool>,
  /// Internal: the child at this index did not stop within its shutdown time.
  caf::reacts_to<atom::stop_timeout, uint64_t, caf::actor_id>>;

/// One child as its supervisor tracks it.
struct child_slot {
  enum class phase { running, stopping, stopped };
  child_spec spec;
  name_entry entry;
  caf::actor current;
  phase state = phase::stopped;
  /// Temporary children leave the supervisor for good when they exit.
  bool removed = false;
  /// Answered once a terminate_child of this child has stopped it.
  std::vector<caf::typed_response_promise<bool>> stop_promises;
  /// Answered once a restart_child that came while it stopped has started it.
  std::vector<caf::typed_response_promise<bool>> start_promises;
};

struct supervisor_state {
  static inline const char* name = "supervisor";

  child_spec spec;
  std::shared_ptr<const node_context> ctx;
  std::vector<child_slot> children;
  std::unique_ptr<restart_intensity> intensity;
  /// Children still to stop, in stop order; the front is being stopped.
  std::deque<size_t> stop_queue;
  /// Children to start, in start order, once stop_queue is empty.
  std::vector<size_t> restart_group;
  /// Terminations that arrived while a restart was in progress.
  std::deque<std::pair<size_t, caf::error>> deferred;
  /// Set once the supervisor stops everything and quits.
  bool terminating = false;
  caf::error quit_reason;
  std::vector<caf::typed_response_promise<bool>> shutdown_promises;
  /// Children are linked and monitored: each death sends an exit_msg and a
  /// down_msg. Counts the signals still expected per child, so that an
  /// exit_msg from anyone else reads as an order to shut down.
  std::map<caf::actor_addr, int> child_signals;
  std::shared_ptr<spdlog::logger> log;
};

using supervisor_self = supervisor_actor::stateful_pointer<supervisor_state>;

/// The behavior of a supervisor whose own spec is `spec`; its children are
/// the specs in `ctx` naming it as supervisor.
supervisor_actor::behavior_type supervisor(supervisor_self self, child_spec spec,
                                           std::shared_ptr<const node_context> ctx);

/// Spawns one incarnation of `spec` (a supervisor or a kind of the catalog).
caf::expected<caf::actor> spawn_child(caf::actor_system& sys, const child_spec& spec,
                                      std::shared_ptr<const node_context> ctx);

} // namespace lume

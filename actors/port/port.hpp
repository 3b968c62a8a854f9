#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/logger.h>

#include "actors/port/child_process.hpp"
#include "system/messages/type_ids.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

/// A supervised external program (Erlang's port program): the actor lives
/// exactly as long as its program. Its exit is the actor's crash (reason
/// naming the exit code or signal), so the supervisor
/// restarts both by its strategy
/// (reason: error 1 of category "port", "NAME exited: exit code 3"); a stop on purpose (the supervisor's
/// shutdown) sends SIGTERM to the program's process group and SIGKILL after
/// `grace`. Its stdout and stderr go to the node's log line by line.
using port_actor = caf::typed_actor<
  /// Answers the program's state as JSON.
  caf::replies_to<atom::inspect>::with<std::string>,
  /// From the reader thread: "ready" (the ready line was seen) or "exited"
  /// with how the program ended.
  caf::reacts_to<atom::status, std::string, std::string>,
  /// Internal: the grace after SIGTERM is over, or the ready line is late.
  caf::reacts_to<atom::stop_timeout>,
  caf::reacts_to<atom::tick>>;

/// What the incarnations of one port share: how the previous one ended.
struct port_history {
  std::mutex mutex;
  std::string last_exit;
  int64_t last_exit_unix_ms = 0;
};

struct port_setup {
  std::string name;
  process_options process;
  /// Text of a stdout (or stderr) line that marks the program ready; empty:
  /// ready once started.
  std::string ready;
  /// Fail when the ready line has not come within this time (0: wait).
  caf::timespan ready_timeout{0};
  /// SIGTERM → SIGKILL.
  caf::timespan grace{};
  /// Log level of stdout lines (stderr lines log at warn).
  spdlog::level::level_enum stdout_level = spdlog::level::info;
  /// Incarnations of this name so far (restarts + 1).
  uint64_t incarnation = 1;
  std::shared_ptr<port_history> history;
};

struct port_state {
  static inline const char* name = "port";

  port_setup setup;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<child_process> child;
  /// "starting", "ready" or "stopping".
  std::string phase = "starting";
  int64_t started_unix_ms = 0;
  /// Set once a stop on purpose began: the reason the actor quits with.
  caf::error stop_reason;
  bool stopping = false;
  std::shared_ptr<std::atomic<uint64_t>> stdout_lines
    = std::make_shared<std::atomic<uint64_t>>(0);
  std::shared_ptr<std::atomic<uint64_t>> stderr_lines
    = std::make_shared<std::atomic<uint64_t>>(0);
};

using port_self = port_actor::stateful_pointer<port_state>;

port_actor::behavior_type port(port_self self, port_setup setup);

/// The `port` kind: options `command` (list: program and arguments),
/// `env` (list of `KEY=VALUE`), `cwd`, `ready`, `ready-timeout`, `grace`,
/// `stdout-level`.
actor_kind port_kind();

} // namespace lume

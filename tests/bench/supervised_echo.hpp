#pragma once

#include <memory>
#include <string>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

#include "system/supervision/supervisor.hpp"

namespace lume::bench {

/// An actor that answers `int x` with `x + 1` and counts one-way `int64_t`s,
/// answering the count to `atom::inspect`.
inline caf::behavior echo(caf::event_based_actor* self) {
  auto count = std::make_shared<int64_t>(0);
  return {
    [](int x) { return x + 1; },
    [count](int64_t) { ++*count; },
    [count](atom::inspect) { return std::to_string(*count); },
  };
}

/// A node with one supervisor and one named `echo` under it.
struct supervised_echo {
  std::shared_ptr<node_context> ctx = std::make_shared<node_context>();
  supervisor_actor root;

  supervised_echo(caf::actor_system& sys, int intensity) {
    auto kinds = std::make_shared<kind_catalog>();
    actor_kind kind;
    kind.name = "echo";
    kind.spawn = [](caf::actor_system& sys, const child_spec&,
                    const std::shared_ptr<const node_context>&)
      -> caf::expected<caf::actor> { return sys.spawn(echo); };
    kinds->add(std::move(kind));
    ctx->kinds = kinds;
    ctx->config.node = "bench";
    child_spec root_spec;
    root_spec.name = "root";
    root_spec.kind = "supervisor";
    root_spec.flags = {restart_strategy::one_for_one, intensity, std::chrono::seconds{1}};
    child_spec echo_spec;
    echo_spec.name = "echo";
    echo_spec.kind = "echo";
    echo_spec.supervisor = "root";
    ctx->config.actors = {root_spec, echo_spec};
    ctx->names = std::make_shared<name_registry>(sys, 1024);
    root = sys.spawn(supervisor, root_spec, std::shared_ptr<const node_context>{ctx});
  }

  /// Waits until the supervisor has started `echo`.
  const name_entry& entry() const {
    const name_entry* result = nullptr;
    while ((result = ctx->names->find("echo")) == nullptr || !result->proxy->current())
      std::this_thread::yield();
    return *result;
  }

  ~supervised_echo() {
    caf::anon_send_exit(root, caf::exit_reason::user_shutdown);
  }
};

} // namespace lume::bench

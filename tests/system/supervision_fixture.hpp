#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/test/dsl.hpp>

#include "system/messages/type_ids.hpp"
#include "system/supervision/supervisor.hpp"

namespace lume::test {

/// What the test workers did, in order: "start a", "stop a", ...
using event_log = std::vector<std::string>;

struct test_config : caf::actor_system_config {
  test_config() {
    add_message_types<caf::id_block::lume>();
  }
};

/// A deterministic node: a catalog with the `worker` kind (answers int x
/// with x + 1; "crash" fails it, "exit" stops it normally) and helpers to
/// build supervision trees.
struct supervision_fixture : test_coordinator_fixture<test_config> {
  supervision_fixture();
  ~supervision_fixture();

  static child_spec sup(std::string name, std::string parent, restart_strategy strategy,
                        int intensity = 1,
                        caf::timespan period = std::chrono::seconds{5});
  static child_spec work(std::string name, std::string parent,
                         restart_type restart = restart_type::permanent);

  /// Spawns the tree (first spec is the root) and runs until idle.
  void start(std::vector<child_spec> specs, size_t restart_queue = 16);

  /// The stable handle of `name`.
  caf::actor name(const std::string& x) const;
  name_proxy& proxy(const std::string& x) const;

  std::shared_ptr<event_log> events = std::make_shared<event_log>();
  std::shared_ptr<node_context> ctx;
  supervisor_actor root;
};

} // namespace lume::test

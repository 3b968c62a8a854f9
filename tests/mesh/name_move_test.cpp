#define CAF_SUITE mesh.names
#include <caf/test/dsl.hpp>

#include <algorithm>
#include <sstream>

#include <caf/event_based_actor.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "system/log/log.hpp"
#include "system/messages/type_ids.hpp"
#include "system/names/name_registry.hpp"

using namespace lume;

namespace {

struct test_config : caf::actor_system_config {
  test_config() {
    add_message_types<caf::id_block::lume>();
  }
};

/// An incarnation that records the ints it receives.
caf::behavior recorder(caf::event_based_actor*, std::shared_ptr<std::vector<int>> got) {
  return {[got](int x) { got->push_back(x); }};
}

/// The name `worker` on three nodes of one mesh, each with its own registry
/// (restart queue bound 4): mac1 hosts it, k11 and mac5 reach it through
/// mac1's proxy, as the mesh binds them. The mesh's part of a move is done
/// by hand, in its order (system/mesh/mesh_actor.cpp, `release`).
struct fixture : test_coordinator_fixture<test_config> {
  fixture() {
    for (auto node : {"mac1", "k11", "mac5"}) {
      names[node] = std::make_shared<name_registry>(sys, 4);
      names[node]->declare("worker", node == std::string{"mac1"} ? "recorder" : "remote", "");
    }
    old_incarnation = sys.spawn(recorder, got_old);
    proxy("mac1").bind(old_incarnation);
    proxy("k11").bind_remote(handle("mac1"), "mac1");
    proxy("mac5").bind_remote(handle("mac1"), "mac1");
    logger->sinks().push_back(log_sink);
  }

  ~fixture() override {
    logger->sinks().pop_back();
  }

  name_proxy& proxy(const std::string& node) {
    return *names[node]->find("worker")->proxy;
  }

  caf::actor handle(const std::string& node) {
    return names[node]->find("worker")->handle;
  }

  /// mac1 releases `worker` for mac5: the peers stop sending to mac1 first,
  /// then mac1 stops its incarnation, which handles what it already got.
  void release_mac1() {
    proxy("k11").suspend();
    proxy("mac5").suspend();
    proxy("mac1").suspend();
    caf::anon_send_exit(old_incarnation, caf::exit_reason::user_shutdown);
  }

  /// mac5 starts the next incarnation and announces it; the others bind.
  caf::actor start_on_mac5() {
    auto result = sys.spawn(recorder, got_new);
    proxy("mac5").bind(result);
    proxy("k11").bind_remote(handle("mac5"), "mac5");
    proxy("mac1").bind_remote(handle("mac5"), "mac5");
    return result;
  }

  /// A sender on k11, which takes no part in the move, sends `x` to `worker`.
  void send_from_k11(int x) {
    self->send(names["k11"]->lookup("worker"), x);
  }

  std::map<std::string, std::shared_ptr<name_registry>> names;
  std::shared_ptr<std::vector<int>> got_old = std::make_shared<std::vector<int>>();
  std::shared_ptr<std::vector<int>> got_new = std::make_shared<std::vector<int>>();
  caf::actor old_incarnation;
  std::ostringstream log_text;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> log_sink
    = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text);
  std::shared_ptr<spdlog::logger> logger = role_logger("names");
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(name_move_tests, fixture)

CAF_TEST(messages sent during a move reach the new incarnation in order) {
  for (int i = 1; i <= 3; ++i)
    send_from_k11(i);
  release_mac1();
  for (int i = 4; i <= 7; ++i)
    send_from_k11(i);
  run();
  CAF_CHECK_EQUAL(*got_old, std::vector<int>({1, 2, 3}));
  CAF_CHECK_EQUAL(proxy("k11").queued(), 4u);
  CAF_CHECK_EQUAL(to_string(proxy("k11").status()), std::string{"restarting"});
  auto new_incarnation = start_on_mac5();
  send_from_k11(8);
  run();
  CAF_CHECK_EQUAL(*got_new, std::vector<int>({4, 5, 6, 7, 8}));
  CAF_CHECK_EQUAL(proxy("k11").dropped(), 0u);
  CAF_CHECK_EQUAL(proxy("mac1").queued(), 0u);
  CAF_CHECK(log_text.str().empty());
  caf::anon_send_exit(new_incarnation, caf::exit_reason::user_shutdown);
}

CAF_TEST(past the bound a move drops messages and counts and logs the drop) {
  release_mac1();
  for (int i = 1; i <= 7; ++i)
    send_from_k11(i);
  CAF_CHECK_EQUAL(proxy("k11").queued(), 4u);
  CAF_CHECK_EQUAL(proxy("k11").dropped(), 3u);
  auto text = log_text.str();
  CAF_CHECK(text.find("name worker drops messages: 4 already wait") != std::string::npos);
  // One line when the queue fills, not one per dropped message.
  CAF_CHECK_EQUAL(std::count(text.begin(), text.end(), '\n'), 1);
  auto new_incarnation = start_on_mac5();
  run();
  CAF_CHECK_EQUAL(*got_new, std::vector<int>({1, 2, 3, 4}));
  CAF_CHECK(log_text.str().find("name worker dropped 3 messages while it had no incarnation")
            != std::string::npos);
  caf::anon_send_exit(new_incarnation, caf::exit_reason::user_shutdown);
}

CAF_TEST_FIXTURE_SCOPE_END()

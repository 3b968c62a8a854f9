#define CAF_SUITE mesh.checkpointer
#include <caf/test/dsl.hpp>

#include <boost/describe/class.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "system/mesh/checkpointer.hpp"
#include "system/messages/described.hpp"
#include "system/node/node_context.hpp"
#include "tests/mesh/checkpoint_sink.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace lume {

/// The state of a test actor that opts in to checkpoints.
struct counter_checkpoint {
  static constexpr const char* type_name = "lume::counter_checkpoint";
  uint64_t value = 0;
};
BOOST_DESCRIBE_STRUCT(counter_checkpoint, (), (value))

} // namespace lume

namespace {

struct test_config : caf::actor_system_config {
  test_config() {
    add_message_types<caf::id_block::lume>();
  }
};

/// A movable stateful actor reduced to the checkpointer's protocol: a
/// uint64_t sets its state, `get` answers it.
using counter_actor = caf::typed_actor<caf::reacts_to<uint64_t>,
                                       caf::replies_to<atom::get>::with<uint64_t>,
                                       caf::reacts_to<atom::checkpoint>>;

struct counter_state {
  counter_checkpoint now;
  std::shared_ptr<checkpointer> checkpoints;
};

counter_actor::behavior_type counter(counter_actor::stateful_pointer<counter_state> self,
                                     std::shared_ptr<checkpointer> checkpoints) {
  auto& st = self->state;
  st.checkpoints = std::move(checkpoints);
  st.checkpoints->restore(self->system(), st.now);
  st.checkpoints->attach(self, [self] { return self->state.now; });
  return {
    [self](uint64_t x) {
      self->state.now.value = x;
      self->state.checkpoints->changed();
    },
    [self](atom::get) { return self->state.now.value; },
    [self](atom::checkpoint) { self->state.checkpoints->due(); },
  };
}

/// One node with a stand-in mesh actor and the `counter` spec, movable.
struct fixture : test_coordinator_fixture<test_config> {
  fixture() {
    ctx = std::make_shared<node_context>();
    ctx->config.node = "test";
    ctx->config.mesh.checkpoint_interval = 20ms;
    ctx->mesh = sys.spawn(checkpoint_sink, ctx->checkpoints, log);
    spec.name = "counter";
    spec.movable = true;
    spec.nodes = {"test"};
  }

  ~fixture() override {
  caf::anon_send_exit(ctx->mesh, caf::exit_reason::user_shutdown);
    consume_messages();
  }

  counter_actor start() {
    auto cp = checkpointer::of(spec, *ctx);
    checkpoints = cp;
    auto result = sys.spawn(counter, std::move(cp));
    consume_messages();
    return result;
  }

  void set(const counter_actor& c, uint64_t x) {
    caf::anon_send(c, x);
    consume_messages();
  }

  /// Moves the clock by `d` and runs what falls due.
  void wait(caf::timespan d) {
    advance_time(d);
    consume_messages();
  }

  /// The state carried by the `i`th checkpoint the mesh received.
  uint64_t value_of(size_t i) {
    counter_checkpoint x;
    caf::binary_deserializer source{sys, log->at(i).state};
    if (auto err = source(x))
      CAF_FAIL("checkpoint " << i << " does not decode: " << sys.render(err));
    return x.value;
  }

  uint64_t get(const counter_actor& c) {
    uint64_t result = 0;
    self->send(c, atom::get_v);
    consume_messages();
    self->receive([&](uint64_t x) { result = x; });
    return result;
  }

  std::shared_ptr<node_context> ctx;
  std::shared_ptr<checkpoint_log> log = std::make_shared<checkpoint_log>();
  child_spec spec;
  std::shared_ptr<checkpointer> checkpoints;
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(checkpointer_tests, fixture)

CAF_TEST(a change within the interval goes out when the interval ends) {
  ctx->checkpoints->set_epoch("counter", 3);
  auto c = start();
  set(c, 1);
  CAF_REQUIRE_EQUAL(log->size(), 1u);
  CAF_CHECK_EQUAL(value_of(0), 1u);
  CAF_CHECK_EQUAL(log->at(0).name, "counter");
  CAF_CHECK_EQUAL(log->at(0).epoch, 3u);
  wait(5ms);
  set(c, 2);
  set(c, 3);
  wait(14ms);
  CAF_CHECK_EQUAL(log->size(), 1u);
  wait(1ms);
  CAF_REQUIRE_EQUAL(log->size(), 2u);
  CAF_CHECK_EQUAL(value_of(1), 3u);
  // Nothing changed since: the trailing checkpoint is not repeated.
  wait(100ms);
  CAF_CHECK_EQUAL(log->size(), 2u);
  // A change an interval after the last checkpoint goes out at once.
  set(c, 4);
  CAF_REQUIRE_EQUAL(log->size(), 3u);
  CAF_CHECK_EQUAL(value_of(2), 4u);
  caf::anon_send_exit(c, caf::exit_reason::user_shutdown);
  consume_messages();
}

CAF_TEST(an unchanged state is not sent again) {
  auto c = start();
  set(c, 7);
  wait(30ms);
  set(c, 7);
  wait(30ms);
  CAF_CHECK_EQUAL(log->size(), 1u);
  CAF_CHECK_EQUAL(checkpoints->sent(), 1u);
  caf::anon_send_exit(c, caf::exit_reason::user_shutdown);
  consume_messages();
}

CAF_TEST(a stop on purpose sends the state at once) {
  auto c = start();
  set(c, 1);
  wait(5ms);
  set(c, 2);
  CAF_CHECK_EQUAL(log->size(), 1u);
  caf::anon_send_exit(c, caf::exit_reason::user_shutdown);
  consume_messages();
  CAF_REQUIRE_EQUAL(log->size(), 2u);
  CAF_CHECK_EQUAL(value_of(1), 2u);
}

CAF_TEST(a restart here finds the last words before the mesh read them) {
  // An operator's `kill NAME` stops the actor on purpose and its supervisor
  // restarts it at once: the restart must not depend on the mesh actor
  // having run in between (a chaos run's director decided a seq twice).
  auto c = start();
  set(c, 1);
  wait(5ms);
  set(c, 2);
  caf::anon_send_exit(c, caf::exit_reason::user_shutdown);
  sched.run_once(); // only the counter: its last words are in the sink's mailbox
  auto held = ctx->checkpoints->get("counter");
  CAF_REQUIRE(held);
  counter_checkpoint x;
  caf::binary_deserializer source{sys, held->state};
  CAF_REQUIRE(!source(x));
  CAF_CHECK_EQUAL(x.value, 2u);
  consume_messages();
}

CAF_TEST(a failover loses at most one interval of state) {
  auto c = start();
  set(c, 1);
  wait(10ms);
  set(c, 2);
  wait(10ms);
  // The node dies: no last words, only what the trailing checkpoint sent.
  caf::anon_send_exit(c, caf::exit_reason::kill);
  consume_messages();
  ctx->checkpoints->set_epoch("counter", 2);
  auto next = start();
  CAF_CHECK_EQUAL(get(next), 2u);
  CAF_CHECK_EQUAL(checkpoints->epoch(), 2u);
  CAF_CHECK_GREATER_OR_EQUAL(checkpoints->age_us(), 0);
  caf::anon_send_exit(next, caf::exit_reason::user_shutdown);
  consume_messages();
}

CAF_TEST(a pinned actor checkpoints nothing) {
  spec.movable = false;
  auto c = start();
  CAF_CHECK(!checkpoints->active());
  set(c, 1);
  wait(30ms);
  CAF_CHECK(log->empty());
  caf::anon_send_exit(c, caf::exit_reason::user_shutdown);
  consume_messages();
  CAF_CHECK(log->empty());
}

CAF_TEST_FIXTURE_SCOPE_END()

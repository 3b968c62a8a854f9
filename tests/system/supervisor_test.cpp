#define CAF_SUITE system.supervisor
#include "tests/system/supervision_fixture.hpp"

#include "system/errors.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace {

using strategy = restart_strategy;

event_log take(std::shared_ptr<event_log>& events) {
  auto result = *events;
  events->clear();
  return result;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(supervisor_tests, supervision_fixture)

CAF_TEST(children start in order and stop in reverse order) {
  start({sup("root", "", strategy::one_for_one), work("a", "root"), work("b", "root"),
         work("c", "root")});
  CAF_CHECK_EQUAL(take(events), event_log({"start a", "start b", "start c"}));
  self->send(root, atom::shutdown_v);
  run();
  CAF_CHECK_EQUAL(take(events), event_log({"stop c", "stop b", "stop a"}));
  CAF_CHECK_EQUAL(to_string(proxy("a").status()), std::string{"stopped"});
}

CAF_TEST(one_for_one restarts only the crashed child) {
  start({sup("root", "", strategy::one_for_one), work("a", "root"), work("b", "root"),
         work("c", "root")});
  take(events);
  self->send(name("b"), std::string{"crash"});
  run();
  CAF_CHECK_EQUAL(take(events), event_log({"stop b", "start b"}));
  CAF_CHECK_EQUAL(proxy("b").restarts(), 1u);
  CAF_CHECK_EQUAL(proxy("a").restarts(), 0u);
}

CAF_TEST(one_for_all restarts every child in start order) {
  start({sup("root", "", strategy::one_for_all), work("a", "root"), work("b", "root"),
         work("c", "root")});
  take(events);
  self->send(name("b"), std::string{"crash"});
  run();
  CAF_CHECK_EQUAL(take(events), event_log({"stop b", "stop c", "stop a", "start a",
                                           "start b", "start c"}));
}

CAF_TEST(rest_for_one restarts the crashed child and those after it) {
  start({sup("root", "", strategy::rest_for_one), work("a", "root"), work("b", "root"),
         work("c", "root")});
  take(events);
  self->send(name("b"), std::string{"crash"});
  run();
  CAF_CHECK_EQUAL(take(events), event_log({"stop b", "stop c", "start b", "start c"}));
  CAF_CHECK_EQUAL(proxy("a").restarts(), 0u);
}

CAF_TEST(more restarts than the intensity within the period stop the supervisor) {
  start({sup("root", "", strategy::one_for_one, 1, 5s), work("a", "root"),
         work("b", "root")});
  self->monitor(root);
  self->send(name("a"), std::string{"crash"});
  run();
  CAF_CHECK_EQUAL(proxy("a").restarts(), 1u);
  take(events);
  self->send(name("a"), std::string{"crash"});
  run();
  CAF_CHECK_EQUAL(take(events), event_log({"stop a", "stop b"}));
  expect((caf::down_msg), from(root).to(self).with(_));
}

CAF_TEST(a child that fails to start stops those started and fails its supervisor) {
  auto broken = work("c", "root");
  broken.kind = "no-such-kind";
  start({sup("root", "", strategy::one_for_one), work("a", "root"), work("b", "root"), broken,
         work("d", "root")});
  self->monitor(root);
  run();
  CAF_CHECK_EQUAL(take(events), event_log({"start a", "start b", "stop b", "stop a"}));
  caf::error reason;
  self->receive([&](caf::down_msg& msg) { reason = std::move(msg.reason); },
                caf::after(std::chrono::seconds{0}) >> [] { CAF_FAIL("root still up"); });
  CAF_CHECK_EQUAL(reason, make_error(ec::spawn_failed));
}

CAF_TEST(restarts older than the period do not count) {
  start({sup("root", "", strategy::one_for_one, 1, 5s), work("a", "root")});
  self->send(name("a"), std::string{"crash"});
  run();
  sched.clock().current_time += std::chrono::seconds{6};
  self->send(name("a"), std::string{"crash"});
  run();
  CAF_CHECK_EQUAL(proxy("a").restarts(), 2u);
  CAF_CHECK_EQUAL(to_string(proxy("a").status()), std::string{"running"});
}

CAF_TEST(a failing child supervisor escalates to its parent) {
  start({sup("root", "", strategy::one_for_one, 3, 5s),
         sup("inner", "root", strategy::one_for_one, 0, 5s), work("w", "inner")});
  take(events);
  self->send(name("w"), std::string{"crash"});
  run();
  CAF_CHECK_EQUAL(take(events), event_log({"stop w", "start w"}));
  CAF_CHECK_EQUAL(proxy("inner").restarts(), 1u);
  CAF_CHECK_EQUAL(proxy("w").restarts(), 1u);
}

CAF_TEST(transient children restart only after abnormal exits) {
  start({sup("root", "", strategy::one_for_one, 5), work("t", "root", restart_type::transient)});
  self->send(name("t"), std::string{"crash"});
  run();
  CAF_CHECK_EQUAL(proxy("t").restarts(), 1u);
  self->send(name("t"), std::string{"exit"});
  run();
  CAF_CHECK_EQUAL(proxy("t").restarts(), 1u);
  CAF_CHECK_EQUAL(to_string(proxy("t").status()), std::string{"stopped"});
}

CAF_TEST(temporary children are never restarted) {
  start({sup("root", "", strategy::one_for_one, 5), work("x", "root", restart_type::temporary)});
  self->send(name("x"), std::string{"crash"});
  run();
  CAF_CHECK_EQUAL(proxy("x").restarts(), 0u);
  CAF_CHECK_EQUAL(to_string(proxy("x").status()), std::string{"stopped"});
}

CAF_TEST(permanent children restart even after a normal exit) {
  start({sup("root", "", strategy::one_for_one, 5), work("p", "root")});
  self->send(name("p"), std::string{"exit"});
  run();
  CAF_CHECK_EQUAL(proxy("p").restarts(), 1u);
}

CAF_TEST(messages sent to a name while it restarts reach the next incarnation) {
  start({sup("root", "", strategy::one_for_one, 5), work("a", "root")});
  auto first = proxy("a").current();
  self->send(name("a"), std::string{"crash"});
  expect((std::string), from(self).to(first).with("crash"));
  CAF_CHECK_EQUAL(to_string(proxy("a").status()), std::string{"restarting"});
  self->send(name("a"), 41);
  self->send(name("a"), 1);
  CAF_CHECK_EQUAL(proxy("a").queued(), 2u);
  run();
  CAF_CHECK_NOT_EQUAL(proxy("a").current(), first);
  expect((int), from(_).to(self).with(42));
  expect((int), from(_).to(self).with(2));
}

CAF_TEST(the restart queue is bounded and counts what it drops) {
  start({sup("root", "", strategy::one_for_one, 5), work("a", "root")}, 2);
  auto first = proxy("a").current();
  self->send(name("a"), std::string{"crash"});
  expect((std::string), from(self).to(first).with("crash"));
  for (int i = 0; i < 5; ++i)
    self->send(name("a"), i);
  CAF_CHECK_EQUAL(proxy("a").queued(), 2u);
  CAF_CHECK_EQUAL(proxy("a").dropped(), 3u);
}

// The mesh keeps a movable actor on its node under a fresh epoch with a
// terminate_child and a restart_child; for several names at once the later
// ones wait in the stop queue while still running, and must start again too.
CAF_TEST(a restart asked while the child waits to be stopped follows the stop) {
  start({sup("root", "", strategy::one_for_one, 5), work("a", "root"), work("b", "root"),
         work("c", "root")});
  take(events);
  for (auto x : {"a", "b", "c"})
    self->send(root, atom::terminate_child_v, std::string{x});
  for (auto x : {"a", "b", "c"})
    self->send(root, atom::restart_child_v, std::string{x});
  run();
  CAF_CHECK_EQUAL(take(events), event_log({"stop a", "start a", "stop b", "start b",
                                           "stop c", "start c"}));
  for (auto x : {"a", "b", "c"})
    CAF_CHECK_EQUAL(to_string(proxy(x).status()), std::string{"running"});
}

CAF_TEST_FIXTURE_SCOPE_END()

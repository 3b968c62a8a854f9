#define CAF_SUITE clock.actors
#include <caf/test/dsl.hpp>

#include <atomic>
#include <optional>
#include <thread>

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/quantizer/quantizer.hpp"
#include "system/clock/clock_service.hpp"
#include "system/clock/host_clock.hpp"
#include "system/clock/link_clock.hpp"
#include "system/clock/manual_clock.hpp"
#include "system/errors.hpp"
#include "system/node/node_context.hpp"
#include "tests/mesh/checkpoint_sink.hpp"
#include "tests/sensing/udp_listener.hpp"

using namespace lume;
using namespace std::chrono_literals;

namespace {

struct test_config : caf::actor_system_config {
  test_config() {
    add_message_types<caf::id_block::lume>();
  }
};

/// What a recorder received: the payload and the clock's time at receipt.
struct receipt_log {
  std::vector<std::pair<int, micros>> ints;
  std::vector<clock_tick> ticks;
};

/// Records every int and clock_tick it gets, stamped with `clock`.
caf::behavior recorder(caf::event_based_actor*, std::shared_ptr<receipt_log> log,
                       std::shared_ptr<const beat_clock> clock) {
  return {
    [=](int x) { log->ints.emplace_back(x, clock->now()); },
    [=](const clock_tick& tick) { log->ticks.push_back(tick); },
  };
}

/// Host time of `beat` at 120 BPM from time 0.
micros at_beat(double beat) {
  return micros{static_cast<int64_t>(beat * 500000.0)};
}

/// A node on a manual clock at 120 BPM (quantum 4, time 0 = beat 0) with
/// the clock service, a recorder named `strudel` and a quantizer without
/// precise stage, whose timers run on CAF's test clock in lockstep with the
/// manual clock. Never `run()`: it fires every timer at once; time moves
/// only through `advance_to`.
struct quantizer_fixture : test_coordinator_fixture<test_config> {
  quantizer_fixture() {
    ctx = std::make_shared<node_context>();
    ctx->config.node = "test";
    ctx->config.clock.quantum = 4;
    ctx->names = std::make_shared<name_registry>(sys, 16);
    ctx->clock = clock;
    service = caf::actor_cast<caf::actor>(sys.spawn(clock_service, ctx->clock, 4.0));
    ctx->clock_service = service;
    target = sys.spawn(recorder, log, clock);
    ctx->names->declare("strudel", "recorder", "root").proxy->bind(target);
    consume_messages();
  }

  ~quantizer_fixture() {
    caf::anon_send_exit(q, caf::exit_reason::user_shutdown);
    if (ctx->mesh)
      caf::anon_send_exit(ctx->mesh, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(target, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(service, caf::exit_reason::user_shutdown);
    consume_messages();
  }

  void start(quantizer_params params = {}) {
    params.precise = false;
    q = sys.spawn(quantizer, std::shared_ptr<const node_context>{ctx}, params,
                  std::make_shared<checkpointer>());
    consume_messages();
  }

  /// Starts an incarnation of a movable `quantizer` with placement epoch
  /// `epoch`, as the mesh does; its checkpoints go to `ctx->checkpoints`.
  void start_movable(uint64_t epoch) {
    if (!ctx->mesh) {
      ctx->mesh = sys.spawn(test::checkpoint_sink, ctx->checkpoints,
                            std::make_shared<test::checkpoint_log>());
      ctx->config.mesh.checkpoint_interval = 20ms;
    }
    child_spec spec;
    spec.name = "quantizer";
    spec.kind = "quantizer";
    spec.movable = true;
    spec.nodes = {"test"};
    ctx->checkpoints->set_epoch(spec.name, epoch);
    auto spawned = quantizer_kind().spawn(sys, spec, ctx);
    if (!spawned)
      CAF_FAIL("quantizer did not spawn: " << sys.render(spawned.error()));
    q = caf::actor_cast<quantizer_actor>(*spawned);
    consume_messages();
  }

  /// The current incarnation dies without last words (its node is lost).
  void lose_quantizer() {
    caf::anon_send_exit(q, caf::exit_reason::kill);
    consume_messages();
  }

  /// Moves both clocks to `t` in steps of at most 1 ms, running what falls due.
  void advance_to(micros t) {
    while (clock->now() < t) {
      const micros step = std::min(micros{1000}, t - clock->now());
      clock->advance(step);
      sched.clock().advance_time(step);
      consume_messages();
    }
  }

  /// Like a CAF timer that fires `late` after its time: the beat clock runs
  /// ahead of CAF's clock by `late`.
  void lag_timers(micros late) {
    clock->advance(late);
  }

  static quantize_request to_strudel(std::string rule, int payload) {
    quantize_request req;
    req.target = "strudel";
    req.rule = std::move(rule);
    req.payload = caf::make_message(payload);
    return req;
  }

  caf::expected<quantize_receipt> ask(quantize_request req) {
    caf::expected<quantize_receipt> result{caf::sec::runtime_error};
    auto handle = self->request(q, caf::infinite, std::move(req));
    consume_messages();
    handle.receive([&](quantize_receipt& x) { result = x; },
                   [&](caf::error& err) { result = std::move(err); });
    return result;
  }

  quantize_receipt must_ask(quantize_request req) {
    auto result = ask(std::move(req));
    if (!result)
      CAF_FAIL("request failed: " << sys.render(result.error()));
    return *result;
  }

  boost::json::object state() {
    std::string text;
    auto handle = self->request(q, caf::infinite, atom::inspect_v);
    consume_messages();
    handle.receive([&](std::string& x) { text = x; },
                   [&](caf::error& err) { CAF_FAIL(sys.render(err)); });
    return boost::json::parse(text).as_object();
  }

  int64_t counter(const char* key) {
    return state().at(key).as_int64();
  }

  /// Changes the tempo at the current time and tells the clock service.
  void set_tempo(double bpm) {
    clock->set_tempo(bpm, clock->now());
    caf::anon_send(service, atom::notify_v);
    consume_messages();
  }

  std::shared_ptr<manual_clock> clock = std::make_shared<manual_clock>(120.0, micros{0});
  std::shared_ptr<receipt_log> log = std::make_shared<receipt_log>();
  std::shared_ptr<node_context> ctx;
  caf::actor service;
  caf::actor target;
  quantizer_actor q;
};

using delivered = std::vector<std::pair<int, micros>>;

} // namespace

CAF_TEST_FIXTURE_SCOPE(quantizer_tests, quantizer_fixture)

CAF_TEST(next beat lands on the next whole beat) {
  start();
  advance_to(at_beat(0.3));
  auto r = must_ask(to_strudel("beat", 1));
  CAF_CHECK_EQUAL(r.beat, 1.0);
  CAF_CHECK_EQUAL(r.time_us, 500000);
  CAF_CHECK_EQUAL(r.deliver_us, 500000);
  advance_to(micros{499999});
  CAF_CHECK(log->ints.empty());
  advance_to(micros{500000});
  CAF_CHECK_EQUAL(log->ints, delivered({{1, micros{500000}}}));
  CAF_CHECK_EQUAL(counter("fired"), 1);
  CAF_CHECK_EQUAL(counter("pending"), 0);
}

CAF_TEST(next bar and next phrase wrap the phase) {
  start();
  advance_to(at_beat(1.2));
  auto bar = must_ask(to_strudel("bar", 1));
  auto phrase = to_strudel("phrase", 2);
  phrase.bars = 2;
  auto two_bars = must_ask(phrase);
  auto default_phrase = must_ask(to_strudel("phrase", 3));
  CAF_CHECK_EQUAL(bar.beat, 4.0);
  CAF_CHECK_EQUAL(two_bars.beat, 8.0);
  CAF_CHECK_EQUAL(two_bars.quantum, 8.0);
  CAF_CHECK_EQUAL(default_phrase.beat, 16.0);
  CAF_CHECK_EQUAL(default_phrase.quantum, 16.0);
  advance_to(at_beat(16));
  CAF_CHECK_EQUAL(log->ints,
                  delivered({{1, at_beat(4)}, {2, at_beat(8)}, {3, at_beat(16)}}));
}

CAF_TEST(exact beat and several deliveries in time order) {
  start();
  auto late = to_strudel("exact", 2);
  late.beat = 6.5;
  auto early = to_strudel("exact", 1);
  early.beat = 2.25;
  must_ask(late);
  must_ask(early);
  CAF_CHECK_EQUAL(counter("pending"), 2);
  advance_to(at_beat(7));
  CAF_CHECK_EQUAL(log->ints, delivered({{1, at_beat(2.25)}, {2, at_beat(6.5)}}));
  CAF_CHECK_EQUAL(counter("fired"), 2);
}

CAF_TEST(lookahead per target from the options and per request) {
  quantizer_params params;
  params.lookahead["strudel"] = micros{50000};
  start(params);
  advance_to(at_beat(1));
  auto by_option = must_ask(to_strudel("bar", 1));
  CAF_CHECK_EQUAL(by_option.time_us, 2000000);
  CAF_CHECK_EQUAL(by_option.deliver_us, 1950000);
  auto by_request = to_strudel("bar", 2);
  by_request.lookahead_us = 20000;
  CAF_CHECK_EQUAL(must_ask(by_request).deliver_us, 1980000);
  advance_to(at_beat(4));
  CAF_CHECK_EQUAL(log->ints, delivered({{1, micros{1950000}}, {2, micros{1980000}}}));
}

CAF_TEST(a position already passed at request time moves or drops by policy) {
  start();
  advance_to(at_beat(2));
  auto gone = to_strudel("exact", 1);
  gone.beat = 1;
  gone.on_passed = "drop";
  auto dropped = must_ask(gone);
  CAF_CHECK(dropped.dropped);
  gone.on_passed = "next";
  auto moved = must_ask(gone);
  CAF_CHECK(!moved.dropped);
  CAF_CHECK_EQUAL(moved.beat, 5.0);
  // A lookahead longer than the way to the next beat moves to the one after.
  auto tight = to_strudel("beat", 3);
  tight.lookahead_us = 600000;
  CAF_CHECK_EQUAL(must_ask(tight).beat, 4.0);
  CAF_CHECK_EQUAL(counter("dropped"), 1);
  CAF_CHECK_EQUAL(counter("rescheduled"), 2);
  advance_to(at_beat(6));
  CAF_CHECK_EQUAL(log->ints, delivered({{3, at_beat(4) - micros{600000}}, {1, at_beat(5)}}));
}

CAF_TEST(a late timer never fires late: policy next moves to the next grid point) {
  start();
  advance_to(at_beat(0.2));
  must_ask(to_strudel("beat", 1));
  advance_to(micros{499000});
  lag_timers(micros{1500});
  advance_to(micros{501500});
  CAF_CHECK(log->ints.empty());
  CAF_CHECK_EQUAL(counter("rescheduled"), 1);
  CAF_CHECK_EQUAL(counter("pending"), 1);
  advance_to(at_beat(2));
  CAF_CHECK_EQUAL(log->ints, delivered({{1, at_beat(2)}}));
}

CAF_TEST(a late timer never fires late: policy drop counts and drops) {
  quantizer_params params;
  params.on_passed = passed_policy::drop;
  start(params);
  advance_to(at_beat(0.2));
  must_ask(to_strudel("beat", 1));
  advance_to(micros{499000});
  lag_timers(micros{1500});
  advance_to(at_beat(3));
  CAF_CHECK(log->ints.empty());
  CAF_CHECK_EQUAL(counter("dropped"), 1);
  CAF_CHECK_EQUAL(counter("pending"), 0);
  CAF_CHECK_EQUAL(counter("fired"), 0);
}

CAF_TEST(a delivery taken and then missed is reported to the asker) {
  quantizer_params params;
  params.on_passed = passed_policy::drop;
  start(params);
  advance_to(at_beat(0.2));
  auto req = to_strudel("beat", 1);
  req.report_to = caf::actor_cast<caf::actor>(self);
  req.tag = 42;
  auto receipt = must_ask(req);
  CAF_CHECK(!receipt.dropped);
  advance_to(micros{499000});
  lag_timers(micros{1500});
  advance_to(at_beat(1.5));
  CAF_CHECK(log->ints.empty());
  std::optional<delivery_dropped> report;
  self->receive([&](const delivery_dropped& x) { report = x; },
                caf::after(std::chrono::seconds{0}) >> [] {});
  CAF_REQUIRE(report);
  CAF_CHECK_EQUAL(report->id, receipt.id);
  CAF_CHECK_EQUAL(report->tag, 42u);
  CAF_CHECK_EQUAL(report->beat, 1.0);
  CAF_CHECK_GREATER(report->late_us, 1000);
  // A request dropped at once says so in its answer, and nothing follows.
  req.rule = "exact";
  req.beat = 1;
  CAF_CHECK(must_ask(req).dropped);
  advance_to(at_beat(2));
  self->receive([&](const delivery_dropped&) { CAF_FAIL("a second report"); },
                caf::after(std::chrono::seconds{0}) >> [] {});
}

CAF_TEST(lateness within the tolerance fires and is measured) {
  start();
  advance_to(at_beat(0.2));
  must_ask(to_strudel("beat", 1));
  advance_to(micros{499000});
  lag_timers(micros{400});
  advance_to(micros{500400});
  CAF_CHECK_EQUAL(log->ints, delivered({{1, micros{500400}}}));
  auto late = state().at("late").as_object();
  CAF_CHECK_EQUAL(late.at("samples").as_int64(), 1);
  CAF_CHECK_EQUAL(late.at("max_us").as_int64(), 400);
  CAF_CHECK_EQUAL(late.at("over").as_int64(), 1);
}

CAF_TEST(a request may set its own tolerance) {
  quantizer_params params;
  params.on_passed = passed_policy::drop;
  start(params);
  advance_to(at_beat(0.2));
  // The director's cuts allow 20 ms: a timer 1.5 ms late still sends.
  auto cut = to_strudel("beat", 1);
  cut.tolerance_us = 20000;
  must_ask(cut);
  advance_to(micros{499000});
  lag_timers(micros{1500});
  advance_to(micros{501500});
  CAF_CHECK_EQUAL(log->ints, delivered({{1, micros{501500}}}));
  // A request that comes 10 ms after its beat goes at once with 20 ms, and
  // is dropped with the quantizer's 1 ms.
  advance_to(at_beat(2) + micros{10000});
  auto late = to_strudel("exact", 2);
  late.beat = 2;
  late.tolerance_us = 20000;
  CAF_CHECK(!must_ask(late).dropped);
  late.tolerance_us = -1;
  late.payload = caf::make_message(3);
  CAF_CHECK(must_ask(late).dropped);
  advance_to(at_beat(2) + micros{11000});
  CAF_CHECK_EQUAL(log->ints, delivered({{1, micros{501500}}, {2, at_beat(2) + micros{10000}}}));
  CAF_CHECK_EQUAL(counter("dropped"), 1);
}

CAF_TEST(a tempo change recomputes every pending delivery) {
  start();
  advance_to(at_beat(1));
  must_ask(to_strudel("bar", 1));
  auto exact = to_strudel("exact", 2);
  exact.beat = 6;
  exact.lookahead_us = 10000;
  must_ask(exact);
  advance_to(micros{1000000});
  set_tempo(240);
  CAF_CHECK_EQUAL(state().at("tempo").as_double(), 240.0);
  // Beat 2 at 1 s; at 240 BPM beat 4 comes 0.5 s later, beat 6 1 s later.
  advance_to(micros{1499000});
  CAF_CHECK(log->ints.empty());
  advance_to(micros{2000000});
  CAF_CHECK_EQUAL(log->ints, delivered({{1, micros{1500000}}, {2, micros{1990000}}}));
  // Slower: at 240 BPM beat 8 would come at 2.5 s, at 60 BPM it comes at 4 s.
  must_ask(to_strudel("bar", 3));
  set_tempo(60);
  advance_to(micros{3999000});
  CAF_CHECK_EQUAL(log->ints.size(), 2u);
  advance_to(micros{4000000});
  CAF_CHECK_EQUAL(log->ints.back(), std::make_pair(3, micros{4000000}));
}

CAF_TEST(a movable quantizer resumes its schedule from the last checkpoint) {
  start_movable(1);
  advance_to(at_beat(0.2));
  auto exact = [&](double beat, int payload, const char* on_passed) {
    auto req = to_strudel("exact", payload);
    req.beat = beat;
    req.on_passed = on_passed;
    return must_ask(req);
  };
  exact(2, 1, "");
  exact(3, 2, "drop");
  exact(3.25, 3, "next");
  exact(6, 4, "");
  // By handle: not checkpointed, a handle means nothing on another node.
  auto by_handle = to_strudel("exact", 5);
  by_handle.target.clear();
  by_handle.target_actor = target;
  by_handle.beat = 5;
  must_ask(by_handle);
  advance_to(at_beat(2.1));
  CAF_CHECK_EQUAL(log->ints, delivered({{1, at_beat(2)}}));
  CAF_CHECK_EQUAL(state().at("epoch").as_int64(), 1);
  // The host dies; its successor starts at beat 3.5, when beat 3 has passed.
  lose_quantizer();
  advance_to(at_beat(3.5));
  start_movable(2);
  auto resumed = state();
  CAF_CHECK_EQUAL(resumed.at("epoch").as_int64(), 2);
  CAF_CHECK_EQUAL(resumed.at("restored").as_int64(), 3);
  CAF_CHECK_EQUAL(resumed.at("dropped").as_int64(), 1);
  CAF_CHECK_EQUAL(resumed.at("rescheduled").as_int64(), 1);
  CAF_CHECK_EQUAL(resumed.at("pending").as_int64(), 2);
  CAF_CHECK(resumed.at("checkpoint_age_ms").as_double() >= 0);
  // Receipt IDs go on from the old incarnation's.
  CAF_CHECK_EQUAL(must_ask(to_strudel("bar", 6)).id, 6u);
  advance_to(at_beat(8));
  CAF_CHECK_EQUAL(log->ints, delivered({{1, at_beat(2)},
                                        {6, at_beat(4)},
                                        {4, at_beat(6)},
                                        {3, at_beat(7.25)}}));
}

CAF_TEST(a datagram goes out at the grid time and the payload early by the lookahead) {
  quantizer_params params;
  params.lookahead["strudel"] = micros{50000};
  start(params);
  test::udp_listener osc;
  advance_to(at_beat(0.5));
  // A datagram alone: no target, no lookahead.
  quantize_request alone;
  alone.rule = "beat";
  alone.datagram = {'c', 'u', 't'};
  alone.datagram_to = {osc.endpoint()};
  auto r1 = must_ask(alone);
  CAF_CHECK_EQUAL(r1.deliver_us, r1.time_us);
  // With a payload for a target with a lookahead: two times.
  auto both = to_strudel("bar", 1);
  both.datagram = {'b', 'a', 'r'};
  both.datagram_to = {osc.endpoint()};
  auto r2 = must_ask(both);
  CAF_CHECK_EQUAL(r2.time_us, 2000000);
  CAF_CHECK_EQUAL(r2.deliver_us, 1950000);
  advance_to(micros{499999});
  CAF_CHECK(!osc.receive(std::chrono::milliseconds{20}));
  advance_to(micros{500000});
  auto first = osc.receive(std::chrono::milliseconds{500});
  CAF_REQUIRE(first);
  CAF_CHECK_EQUAL(std::string(first->begin(), first->end()), "cut");
  advance_to(micros{1950000});
  CAF_CHECK_EQUAL(log->ints, delivered({{1, micros{1950000}}}));
  CAF_CHECK(!osc.receive(std::chrono::milliseconds{20}));
  advance_to(micros{2000000});
  auto second = osc.receive(std::chrono::milliseconds{500});
  CAF_REQUIRE(second);
  CAF_CHECK_EQUAL(std::string(second->begin(), second->end()), "bar");
  auto datagrams = state().at("datagrams").as_object();
  CAF_REQUIRE_EQUAL(datagrams.size(), 1u);
  CAF_CHECK_EQUAL(datagrams.at(osc.endpoint()).at("sent").as_int64(), 2);
  CAF_CHECK_EQUAL(counter("pending"), 0);
}

CAF_TEST(a checkpointed schedule keeps its datagrams) {
  start_movable(1);
  test::udp_listener osc;
  quantize_request alone;
  alone.rule = "exact";
  alone.beat = 4;
  alone.datagram = {'o', 'n', 'e'};
  alone.datagram_to = {osc.endpoint()};
  must_ask(alone);
  auto with_payload = to_strudel("exact", 2);
  with_payload.beat = 6;
  with_payload.datagram = {'t', 'w', 'o'};
  with_payload.datagram_to = {osc.endpoint()};
  must_ask(with_payload);
  advance_to(at_beat(1));
  lose_quantizer();
  start_movable(2);
  CAF_CHECK_EQUAL(counter("restored"), 2);
  advance_to(at_beat(4));
  auto first = osc.receive(std::chrono::milliseconds{500});
  CAF_REQUIRE(first);
  CAF_CHECK_EQUAL(std::string(first->begin(), first->end()), "one");
  advance_to(at_beat(6));
  auto second = osc.receive(std::chrono::milliseconds{500});
  CAF_REQUIRE(second);
  CAF_CHECK_EQUAL(std::string(second->begin(), second->end()), "two");
  CAF_CHECK_EQUAL(log->ints, delivered({{2, at_beat(6)}}));
}

CAF_TEST(deliveries of a superseded incarnation are dropped unsent) {
  start();
  auto old_epoch = to_strudel("exact", 1);
  old_epoch.beat = 2;
  old_epoch.owner = "director";
  old_epoch.owner_epoch = 3;
  auto later = old_epoch;
  later.beat = 3;
  later.payload = caf::make_message(2);
  auto next_epoch = old_epoch;
  next_epoch.beat = 3;
  next_epoch.owner_epoch = 4;
  next_epoch.payload = caf::make_message(3);
  auto nobodys = to_strudel("exact", 4);
  nobodys.beat = 3;
  must_ask(old_epoch);
  must_ask(later);
  must_ask(next_epoch);
  must_ask(nobodys);
  advance_to(at_beat(2));
  CAF_CHECK_EQUAL(log->ints, delivered({{1, at_beat(2)}}));
  // A later incarnation runs elsewhere: epoch 3's cut still ahead must not
  // play after it; epoch 4's and those of no owner go out.
  ctx->checkpoints->supersede("director", 4);
  advance_to(at_beat(3));
  CAF_CHECK_EQUAL(log->ints, delivered({{1, at_beat(2)}, {3, at_beat(3)}, {4, at_beat(3)}}));
  CAF_CHECK_EQUAL(counter("superseded"), 1);
  CAF_CHECK_EQUAL(counter("fired"), 3);
  CAF_CHECK_EQUAL(counter("pending"), 0);
}

CAF_TEST(bad requests are refused) {
  start();
  auto nowhere = to_strudel("bar", 1);
  nowhere.target.clear();
  auto r1 = ask(nowhere);
  CAF_REQUIRE(!r1);
  CAF_CHECK_EQUAL(r1.error(), make_error(ec::bad_request, "no target name or handle"));
  for (auto rule : {"someday", ""}) {
    auto r2 = ask(to_strudel(rule, 1));
    CAF_REQUIRE(!r2);
    CAF_CHECK_EQUAL(r2.error().code(), static_cast<uint8_t>(ec::bad_request));
  }
  auto empty = to_strudel("bar", 1);
  empty.payload = caf::message{};
  CAF_CHECK(!ask(empty));
  auto stray = to_strudel("bar", 1);
  stray.datagram = {1, 2, 3};
  CAF_CHECK(!ask(stray));
  stray.datagram_to = {"nowhere"};
  CAF_CHECK(!ask(stray));
  CAF_CHECK_EQUAL(std::string{state().at("last_refused").as_string()},
                  "datagram_to: expected host:port, got 'nowhere'");
  auto lax = to_strudel("bar", 1);
  lax.tolerance_us = 10'000'001;
  CAF_CHECK_EQUAL(ask(lax).error(), make_error(ec::bad_request, "tolerance_us above 10 s"));
  CAF_CHECK(!ask(empty));
  CAF_CHECK_EQUAL(counter("pending"), 0);
  CAF_CHECK_EQUAL(counter("refused"), 8);
  CAF_CHECK_EQUAL(state().at("last_refused").as_string(), "empty payload");
  // On a beat, "beat" is that beat: deliver at once.
  auto by_handle = to_strudel("beat", 7);
  by_handle.target.clear();
  by_handle.target_actor = target;
  CAF_CHECK(ask(by_handle));
  CAF_CHECK_EQUAL(log->ints, delivered({{7, micros{0}}}));
  advance_to(at_beat(0.5));
  CAF_CHECK(ask(by_handle));
  advance_to(at_beat(1));
  CAF_CHECK_EQUAL(log->ints, delivered({{7, micros{0}}, {7, at_beat(1)}}));
}

CAF_TEST(the clock service fans ticks out and drops dead subscribers) {
  start();
  std::vector<std::shared_ptr<receipt_log>> logs;
  std::vector<caf::actor> subs;
  for (int i = 0; i < 3; ++i) {
    logs.push_back(std::make_shared<receipt_log>());
    subs.push_back(sys.spawn(recorder, logs.back(), clock));
    self->send(service, atom::subscribe_v, subs.back());
  }
  self->send(service, atom::subscribe_v, subs.front());
  consume_messages();
  for (auto& l : logs)
    CAF_CHECK_EQUAL(l->ticks.size(), 1u);
  set_tempo(90);
  for (auto& l : logs) {
    CAF_REQUIRE_EQUAL(l->ticks.size(), 2u);
    CAF_CHECK_EQUAL(l->ticks.back().tempo, 90.0);
    CAF_CHECK_EQUAL(l->ticks.back().quantum, 4.0);
  }
  CAF_CHECK_EQUAL(state().at("tempo").as_double(), 90.0);
  caf::anon_send_exit(subs[1], caf::exit_reason::kill);
  self->send(service, atom::unsubscribe_v, subs[2]);
  consume_messages();
  set_tempo(100);
  CAF_CHECK_EQUAL(logs[0]->ticks.size(), 3u);
  CAF_CHECK_EQUAL(logs[2]->ticks.size(), 2u);
  std::string text;
  auto handle = self->request(service, caf::infinite, atom::inspect_v);
  consume_messages();
  handle.receive([&](std::string& x) { text = x; }, [](caf::error&) {});
  // The quantizer and the first recorder are left.
  CAF_CHECK_EQUAL(boost::json::parse(text).at("subscribers").as_int64(), 2);
  for (auto& sub : subs)
    caf::anon_send_exit(sub, caf::exit_reason::user_shutdown);
  consume_messages();
}

CAF_TEST_FIXTURE_SCOPE_END()

namespace {

/// A node on the real host clock (Link disabled: nothing on the network)
/// with a real scheduler, for the precise stage.
struct host_clock_node {
  test_config cfg;
  caf::actor_system sys{cfg};
  std::shared_ptr<link_clock> clock = std::make_shared<link_clock>(120.0, 4.0, false);
  std::shared_ptr<node_context> ctx = std::make_shared<node_context>();

  host_clock_node() {
    ctx->config.clock.quantum = 4;
    ctx->names = std::make_shared<name_registry>(sys, 16);
    ctx->clock = clock;
  }
};

/// The precise thread here runs at normal priority beside the whole suite:
/// its wake-up, 1.5 ms ahead, came over 2.5 ms late on CI, past the default
/// 1 ms tolerance, and the datagram was dropped as passed (correctly). These
/// tests are about which clock and which thread deliver, so they let a
/// delivery be late by up to 20 ms; lateness is lume-bench-quantizer's.
constexpr micros loaded_box_tolerance{20000};

} // namespace

// The precise stage with a real scheduler. Bounds are loose: this runs on
// busy CI boxes; the benchmark measures the real figures.
CAF_TEST(the precise stage delivers on the host clock) {
  host_clock_node node;
  auto& sys = node.sys;
  auto& clock = node.clock;
  auto& ctx = node.ctx;
  ctx->clock_service = caf::actor_cast<caf::actor>(sys.spawn(clock_service, ctx->clock, 4.0));
  auto log = std::make_shared<receipt_log>();
  std::atomic<int> received{0};
  auto target = sys.spawn([&](caf::event_based_actor*) -> caf::behavior {
    return {[&](int x) {
      log->ints.emplace_back(x, host_now());
      ++received;
    }};
  });
  quantizer_params params;
  params.realtime = false;
  params.tolerance = loaded_box_tolerance;
  auto q = sys.spawn(quantizer, std::shared_ptr<const node_context>{ctx}, params,
                     std::make_shared<checkpointer>());
  caf::scoped_actor self{sys};
  constexpr int count = 5;
  std::vector<micros> grid;
  for (int i = 0; i < count; ++i) {
    quantize_request req;
    req.target_actor = target;
    req.rule = "exact";
    req.beat = clock->beat_at(clock->now() + micros{200000 + 7000 * i}, 4.0);
    req.payload = caf::make_message(i);
    self->request(q, caf::infinite, req)
      .receive([&](quantize_receipt& r) { grid.push_back(micros{r.deliver_us}); },
               [&](caf::error& err) { CAF_FAIL(sys.render(err)); });
  }
  // A datagram alone, on the grid point after the last payload.
  test::udp_listener osc;
  quantize_request alone;
  alone.rule = "exact";
  alone.beat = clock->beat_at(clock->now() + micros{260000}, 4.0);
  alone.datagram = {'g', 'o'};
  alone.datagram_to = {osc.endpoint()};
  micros datagram_at{0};
  self->request(q, caf::infinite, alone)
    .receive([&](quantize_receipt& r) { datagram_at = micros{r.time_us}; },
             [&](caf::error& err) { CAF_FAIL(sys.render(err)); });
  for (int i = 0; i < 3000 && received < count; ++i)
    std::this_thread::sleep_for(1ms);
  CAF_REQUIRE_EQUAL(received.load(), count);
  auto datagram = osc.receive(std::chrono::milliseconds{2000});
  const micros arrived = host_now();
  CAF_REQUIRE(datagram);
  CAF_CHECK_EQUAL(std::string(datagram->begin(), datagram->end()), "go");
  // Never early. How late is the sending thread's wake-up (up to the
  // tolerance) and the receiving threads' (the listener, the target's CAF
  // worker), which the full suite's load stretched past 5 ms: bounded
  // loosely here, measured by lume-bench-quantizer.
  const micros wake_up = loaded_box_tolerance + micros{25000};
  CAF_CHECK_GREATER_OR_EQUAL(arrived, datagram_at);
  CAF_CHECK_LESS(arrived - datagram_at, wake_up);
  for (int i = 0; i < count; ++i) {
    CAF_CHECK_EQUAL(log->ints[i].first, i);
    CAF_CHECK_GREATER_OR_EQUAL(log->ints[i].second, grid[i]);
    CAF_CHECK_LESS(log->ints[i].second - grid[i], wake_up);
  }
  // The thread reports each delivery after it sent it: wait for the last.
  boost::json::object state;
  for (int i = 0; i < 100; ++i) {
    std::string text;
    self->request(q, caf::infinite, atom::inspect_v)
      .receive([&](std::string& x) { text = x; }, [](caf::error&) {});
    state = boost::json::parse(text).as_object();
    if (state.at("fired").as_int64() == count + 1)
      break;
    std::this_thread::sleep_for(10ms);
  }
  CAF_CHECK(state.at("precise").as_bool());
  CAF_CHECK_EQUAL(state.at("fired").as_int64(), count + 1);
  CAF_CHECK_EQUAL(state.at("datagrams").at(osc.endpoint()).at("sent").as_int64(), 1);
  self->send_exit(q, caf::exit_reason::user_shutdown);
  self->send_exit(target, caf::exit_reason::user_shutdown);
  self->send_exit(ctx->clock_service, caf::exit_reason::user_shutdown);
}

CAF_TEST(the precise stage drops a delivery superseded after it was handed over) {
  host_clock_node node;
  auto& sys = node.sys;
  auto& clock = node.clock;
  auto& ctx = node.ctx;
  quantizer_params params;
  params.realtime = false;
  // Handed to the precise thread 250 ms ahead, superseded 150 ms ahead.
  params.lead = micros{250000};
  auto q = sys.spawn(quantizer, std::shared_ptr<const node_context>{ctx}, params,
                     std::make_shared<checkpointer>());
  caf::scoped_actor self{sys};
  test::udp_listener osc;
  quantize_request cut;
  cut.rule = "exact";
  cut.beat = clock->beat_at(clock->now() + micros{300000}, 4.0);
  cut.datagram = {'o', 'l', 'd'};
  cut.datagram_to = {osc.endpoint()};
  cut.owner = "director";
  cut.owner_epoch = 1;
  micros due{0};
  self->request(q, caf::infinite, cut)
    .receive([&](quantize_receipt& r) { due = micros{r.time_us}; },
             [&](caf::error& err) { CAF_FAIL(sys.render(err)); });
  auto state = [&] {
    std::string text;
    self->request(q, caf::infinite, atom::inspect_v)
      .receive([&](std::string& x) { text = x; }, [](caf::error&) {});
    return boost::json::parse(text).as_object();
  };
  while (host_now() < due - micros{150000})
    std::this_thread::sleep_for(5ms);
  CAF_CHECK_EQUAL(state().at("handed_over").as_int64(), 1);
  ctx->checkpoints->supersede("director", 2);
  CAF_CHECK(!osc.receive(std::chrono::milliseconds{400}));
  boost::json::object after;
  for (int i = 0; i < 100; ++i) {
    after = state();
    if (after.at("superseded").as_int64() == 1)
      break;
    std::this_thread::sleep_for(10ms);
  }
  CAF_CHECK_EQUAL(after.at("superseded").as_int64(), 1);
  CAF_CHECK_EQUAL(after.at("fired").as_int64(), 0);
  CAF_CHECK_EQUAL(after.at("pending").as_int64(), 0);
  self->send_exit(q, caf::exit_reason::user_shutdown);
}

CAF_TEST(a delivery handed over early is sent while every CAF worker is busy past its time) {
  // Chaos runs lost director cuts when the quantizer's coarse timer, due
  // 20 ms ahead, ran over 21 ms late on a loaded node: the cut had passed
  // and was dropped. Handed over `lead` (250 ms) ahead, it waits in the
  // precise thread, which no CAF worker's delay reaches.
  host_clock_node node;
  auto& sys = node.sys;
  auto& clock = node.clock;
  quantizer_params params;
  params.realtime = false;
  params.tolerance = loaded_box_tolerance;
  auto q = sys.spawn(quantizer, std::shared_ptr<const node_context>{node.ctx}, params,
                     std::make_shared<checkpointer>());
  caf::scoped_actor self{sys};
  test::udp_listener osc;
  quantize_request cut;
  cut.rule = "exact";
  cut.on_passed = "drop";
  cut.beat = clock->beat_at(clock->now() + micros{400000}, 4.0);
  cut.datagram = {'c', 'u', 't'};
  cut.datagram_to = {osc.endpoint()};
  micros due{0};
  self->request(q, caf::infinite, cut)
    .receive([&](quantize_receipt& r) { due = micros{r.time_us}; },
             [&](caf::error& err) { CAF_FAIL(sys.render(err)); });
  // From 120 ms before the cut to 80 ms after it, every worker sleeps.
  while (host_now() < due - micros{120000})
    std::this_thread::sleep_for(2ms);
  auto stall = [](caf::event_based_actor*) -> caf::behavior {
    return {[](int ms) { std::this_thread::sleep_for(std::chrono::milliseconds{ms}); }};
  };
  const auto workers = sys.scheduler().num_workers();
  std::vector<caf::actor> stallers;
  for (size_t i = 0; i < workers; ++i)
    stallers.push_back(sys.spawn(stall));
  for (auto& x : stallers)
    caf::anon_send(x, 200);
  CAF_CHECK(osc.receive(std::chrono::milliseconds{600}));
  for (auto& x : stallers)
    caf::anon_send_exit(x, caf::exit_reason::user_shutdown);
  self->send_exit(q, caf::exit_reason::user_shutdown);
}

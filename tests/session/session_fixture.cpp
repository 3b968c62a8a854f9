#include "tests/session/session_fixture.hpp"

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>

#include "system/clock/clock_service.hpp"
#include "tests/sensing/options.hpp"

namespace lume::test {

session_fixture::session_fixture() {
  ctx = std::make_shared<node_context>();
  ctx->config.node = "test";
  ctx->config.clock.quantum = 4;
  ctx->config.mesh.checkpoint_interval = std::chrono::milliseconds{20};
  ctx->names = std::make_shared<name_registry>(sys, 64);
  ctx->clock = clock;
  service = caf::actor_cast<caf::actor>(sys.spawn(clock_service, ctx->clock, 4.0));
  ctx->clock_service = service;
  ctx->mesh = sys.spawn(checkpoint_sink, ctx->checkpoints, checkpoints);
  bus = sys.spawn([log = published](caf::event_based_actor*) -> caf::behavior {
    return {[log](const session_state& x) { log->push_back(x); }};
  });
  ctx->names->declare("bus", "sink", "root").proxy->bind(bus);
  consume_messages();
}

session_fixture::~session_fixture() {
  for (auto& x : {session, bus, service, ctx->mesh})
    if (x)
      caf::anon_send_exit(x, caf::exit_reason::user_shutdown);
  consume_messages();
}

void session_fixture::start(const std::string& options, bool movable, uint64_t epoch) {
  auto text = options;
  text.insert(text.rfind('}'), ", subscribers = [\"bus\"]");
  auto spec = spec_of("session", "session", text);
  spec.movable = movable;
  spec.nodes = {"test"};
  if (movable)
    ctx->checkpoints->set_epoch("session", epoch);
  auto spawned = session_kind().spawn(sys, spec, ctx);
  if (!spawned)
    CAF_FAIL("session did not spawn: " << sys.render(spawned.error()));
  session = *spawned;
  consume_messages();
}

void session_fixture::lose() {
  caf::anon_send_exit(session, caf::exit_reason::kill);
  consume_messages();
  session = nullptr;
}

void session_fixture::advance_to(micros t) {
  while (clock->now() < t) {
    const micros step = std::min(micros{1000}, t - clock->now());
    clock->advance(step);
    sched.clock().advance_time(step);
    consume_messages();
  }
}

void session_fixture::advance_to_beat(double beat) {
  // The target's time is read again at each step: a tempo change on the
  // way (a song landing) moves it.
  for (;;) {
    const micros t = clock->time_at_beat(beat, 4.0);
    if (clock->now() >= t)
      return;
    advance_to(std::min(t, clock->now() + micros{1000}));
  }
}

std::variant<boost::json::object, std::string>
session_fixture::command(const std::string& cmd, const std::string& argument) {
  std::variant<boost::json::object, std::string> result{std::string{"no answer"}};
  auto handle = self->request(session, caf::infinite, session_command{cmd, argument, 0});
  consume_messages();
  handle.receive(
    [&](const std::string& x) {
      auto answer = boost::json::parse(x).as_object();
      if (answer.at("ok").as_bool())
        result = std::move(answer);
      else
        result = std::string{answer.at("error").as_string()};
    },
    [&](caf::error& err) {
      result = err.context().match_elements<std::string>() ? err.context().get_as<std::string>(0)
                                                            : sys.render(err);
    });
  return result;
}

boost::json::object session_fixture::must(const std::string& cmd, const std::string& argument) {
  auto result = command(cmd, argument);
  if (auto err = std::get_if<std::string>(&result))
    CAF_FAIL("session " << cmd << " " << argument << ": " << *err);
  return std::get<boost::json::object>(result);
}

boost::json::object session_fixture::inspect() {
  std::string text;
  auto handle = self->request(session, caf::infinite, atom::inspect_v);
  consume_messages();
  handle.receive([&](std::string& x) { text = x; },
                 [&](caf::error& err) { CAF_FAIL(sys.render(err)); });
  return boost::json::parse(text).as_object();
}

void session_fixture::cut(const std::string& section, uint64_t epoch, uint64_t seq) {
  director_cut x;
  x.kind = "section";
  x.value = section;
  x.section = section;
  x.reason = "test";
  x.epoch = epoch;
  x.seq = seq;
  caf::anon_send(session, x);
  consume_messages();
}

std::string test_setlist() {
  return R"~(songs = [
    { name = "dawn", tempo = 100.0, scenes = ["mist", "sun"], sections = [
        { name = "intro", code = "note(\"c3 e3\").s(\"sine\")" },
        { name = "build", scene = "sun", code = "note(\"c3 g3\").s(\"sawtooth\")" },
        { name = "drop", code = "s(\"square\").gain(param(\"energy\"))" } ] },
    { name = "noon", tempo = 128, sections = [
        { name = "intro", code = "note(\"a3\")" },
        { name = "peak", code = "note(\"a4\")" } ] },
    { name = "dusk", tempo = 90.0, sections = [
        { name = "intro", code = "note(\"d3\")" },
        { name = "outro", code = "note(\"d2\")" } ] } ])~";
}

} // namespace lume::test

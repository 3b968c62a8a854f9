#define CAF_SUITE inference.live
#include <caf/test/dsl.hpp>

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>

#include "net/sdapi/png_codec.hpp"
#include "tests/inference/live_fixture.hpp"
#include "tests/inference/model_server.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace {

int64_t count_of(const boost::json::object& state, const char* group, const char* key) {
  auto x = state.if_contains(group);
  if (!x || !x->is_object())
    return 0;
  auto y = x->as_object().if_contains(key);
  return y ? y->to_number<int64_t>() : 0;
}

int64_t number(const boost::json::object& state, const char* key) {
  auto x = state.if_contains(key);
  return x ? x->to_number<int64_t>() : -1;
}

std::string breaker_state(const boost::json::object& state) {
  auto x = state.if_contains("breaker");
  return x ? std::string{x->as_object().at("state").as_string()} : "";
}

/// Options for tests: small images so that ESRGAN is quick (64² → 128²).
std::string options(const std::string& url, const std::string& more = "") {
  return R"({ endpoint = ")" + url + R"(", subscribers = ["bus"], rate = 20.0, size = [128, 128],
    input-max-side = 64, timeout = 20s, backoff = 50ms, backoff-max = 200ms,
    prompts = { default = { prompt = "ink wash", strength = 0.5 },
                storm = { prompt = "storm clouds", negative = "text", strength = 0.8 } })"
         + (more.empty() ? "" : ", " + more) + " }";
}

struct live_tests : live_fixture {
  model_server server{source_dir()};

  live_tests() {
    if (server.port() == 0)
      CAF_FAIL("the model server did not start (tools/lume setup installs its packages)");
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(inference_live, live_tests)

CAF_TEST(a depth frame comes back styled with the prompt of the scene) {
  auto inference = spawn_inference(options(server.url()));
  caf::anon_send(inference, depth(1000));
  CAF_REQUIRE(eventually([&] { return bus->copy().size() == 1; }));
  auto frame = bus->copy().at(0);
  CAF_CHECK_EQUAL(frame.media_type, "image/png");
  CAF_CHECK_EQUAL(frame.width, 128);
  CAF_CHECK_EQUAL(frame.height, 128);
  CAF_CHECK_EQUAL(frame.scene, "default");
  CAF_CHECK_EQUAL(frame.prompt, "ink wash");
  CAF_CHECK_EQUAL(frame.source_origin_us, 1000);
  CAF_CHECK_EQUAL(frame.seq, 0u);
  CAF_CHECK_GREATER(frame.round_trip_us, 0);
  auto decoded = net::decode_png(frame.image.data(), frame.image.size(), 4096);
  CAF_CHECK(std::holds_alternative<net::pixel_image>(decoded));
  // The director cuts to another scene: the next frame gets its prompt.
  director_cut cut;
  cut.kind = "scene";
  cut.value = "storm";
  caf::anon_send(inference, cut);
  caf::anon_send(inference, depth(2000));
  CAF_REQUIRE(eventually([&] { return bus->copy().size() == 2; }));
  CAF_CHECK_EQUAL(bus->copy().at(1).prompt, "storm clouds");
  CAF_CHECK_EQUAL(bus->copy().at(1).scene, "storm");
  CAF_CHECK_EQUAL(bus->copy().at(1).seq, 1u);
  auto state = inspect(inference);
  CAF_CHECK_EQUAL(number(state, "styled"), 2);
  CAF_CHECK_EQUAL(breaker_state(state), "closed");
  CAF_CHECK_EQUAL(count_of(state["costs_ms"].as_object(), "server_compute", "count"), 2);
  CAF_CHECK_EQUAL(number(state, "job_connects"), 1);
  CAF_CHECK_EQUAL(server.counters().at("jobs").to_number<int64_t>(), 2);
}

CAF_TEST(the newest frame wins while one is in flight) {
  server.faults(R"({"latency_ms": 600})");
  auto inference = spawn_inference(options(server.url()));
  for (int64_t i = 1; i <= 6; ++i)
    caf::anon_send(inference, depth(i * 1000));
  CAF_REQUIRE(eventually([&] { return bus->copy().size() == 2; }));
  auto frames = bus->copy();
  CAF_CHECK_EQUAL(frames[0].source_origin_us, 1000);
  CAF_CHECK_EQUAL(frames[1].source_origin_us, 6000);
  auto state = inspect(inference);
  CAF_CHECK_EQUAL(number(state, "replaced"), 4);
  CAF_CHECK_EQUAL(number(state, "submitted"), 2);
  CAF_CHECK_EQUAL(server.counters().at("jobs").to_number<int64_t>(), 2);
}

CAF_TEST(a slow server times out and the job is interrupted) {
  server.faults(R"({"hang_rate": 1})");
  // Long enough for a real job on a loaded box, which the second one is.
  auto inference = spawn_inference(options(server.url(), "timeout = 3s, retries = 0"));
  caf::anon_send(inference, depth(1000));
  CAF_REQUIRE(eventually([&] { return count_of(inspect(inference), "failures", "timeout") == 1; }));
  CAF_REQUIRE(eventually([&] { return number(inspect(inference), "interrupts") == 1; }));
  CAF_CHECK(eventually([&] { return server.counters().at("interrupted").to_number<int64_t>() == 1; }));
  // The interrupt freed the server: the next frame is styled.
  server.faults(R"({"hang_rate": 0})");
  caf::anon_send(inference, depth(2000));
  if (!eventually([&] { return bus->copy().size() == 1; }))
    CAF_FAIL("no styled frame after the interrupt: " << boost::json::serialize(inspect(inference))
             << " server " << boost::json::serialize(server.faults()));
  CAF_CHECK_EQUAL(bus->copy().at(0).source_origin_us, 2000);
  CAF_CHECK_EQUAL(number(inspect(inference), "job_connects"), 2);
}

CAF_TEST(a burst of 5xx opens the breaker which probes half-open and closes) {
  server.faults(R"({"fail_first": 3})");
  auto inference = spawn_inference(options(server.url(),
    "retries = 2, breaker-failures = 3, breaker-window = 10s, breaker-open = 700ms"));
  caf::anon_send(inference, depth(1000));
  // The frame and its two retries fail: the breaker opens.
  CAF_REQUIRE(eventually([&] { return breaker_state(inspect(inference)) == "open"; }));
  auto state = inspect(inference);
  CAF_CHECK_EQUAL(count_of(state, "failures", "http_5xx"), 3);
  CAF_CHECK_EQUAL(number(state, "retried"), 2);
  // A frame while open waits for the probe.
  caf::anon_send(inference, depth(2000));
  std::this_thread::sleep_for(200ms);
  CAF_CHECK_EQUAL(number(inspect(inference), "submitted"), 3);
  CAF_CHECK_EQUAL(breaker_state(inspect(inference)), "open");
  CAF_REQUIRE(eventually([&] { return bus->copy().size() == 1; }));
  state = inspect(inference);
  CAF_CHECK_EQUAL(breaker_state(state), "closed");
  CAF_CHECK_EQUAL(count_of(state, "breaker", "opened"), 1);
  CAF_CHECK_EQUAL(bus->copy().at(0).source_origin_us, 2000);
  CAF_CHECK_EQUAL(server.counters().at("failed").to_number<int64_t>(), 3);
}

CAF_TEST(malformed and oversize answers are refused and counted) {
  auto inference = spawn_inference(options(server.url(),
    "retries = 0, breaker-failures = 100, max-response-bytes = 1000000"));
  int64_t origin = 1000;
  auto refused = [&](const std::string& faults, const char* kind) {
    server.faults(faults);
    caf::anon_send(inference, depth(origin += 1000));
    CAF_CHECK(eventually([&] { return count_of(inspect(inference), "failures", kind) == 1; }));
  };
  refused(R"({"malformed_rate": 1, "malformed": "json"})", "malformed_json");
  refused(R"({"malformed": "base64"})", "bad_base64");
  refused(R"({"malformed": "png"})", "bad_png");
  refused(R"({"malformed": "empty"})", "no_image");
  refused(R"({"malformed_rate": 0, "oversize_rate": 1, "oversize_bytes": 2000000})", "oversize");
  server.faults(R"({"oversize_rate": 0})");
  caf::anon_send(inference, depth(origin += 1000));
  CAF_REQUIRE(eventually([&] { return bus->copy().size() == 1; }));
  auto state = inspect(inference);
  CAF_CHECK_EQUAL(number(state, "styled"), 1);
  CAF_CHECK_EQUAL(number(state, "given_up"), 5);
  CAF_CHECK_EQUAL(breaker_state(state), "closed");
}

CAF_TEST(a failover keeps the scene and sequence and submits no frame twice) {
  std::shared_ptr<checkpoint_store> store = ctx->checkpoints;
  ctx->mesh = sys.spawn([store](caf::event_based_actor*) -> caf::behavior {
    return {[store](const checkpoint& cp) { store->put(cp); }};
  });
  actors.push_back(ctx->mesh);
  ctx->config.mesh.checkpoint_interval = 20ms;
  ctx->checkpoints->set_epoch("inference", 1);
  auto first = spawn_inference(options(server.url()), true);
  director_cut cut;
  cut.kind = "scene";
  cut.value = "storm";
  caf::anon_send(first, cut);
  caf::anon_send(first, depth(1000));
  CAF_REQUIRE(eventually([&] { return bus->copy().size() == 1; }));
  server.faults(R"({"latency_ms": 5000})");
  caf::anon_send(first, depth(2000));
  CAF_REQUIRE(eventually([&] { return number(inspect(first), "in_flight") == 2; }));
  std::this_thread::sleep_for(100ms); // the trailing checkpoint is out
  caf::anon_send_exit(first, caf::exit_reason::kill);
  server.faults(R"({"latency_ms": 0})");
  ctx->checkpoints->set_epoch("inference", 2);
  auto next = spawn_inference(options(server.url()), true);
  auto state = inspect(next);
  CAF_CHECK_EQUAL(number(state, "epoch"), 2);
  CAF_CHECK_EQUAL(std::string{state.at("scene").as_string()}, "storm");
  CAF_CHECK_EQUAL(number(state, "takeover_interrupts"), 1);
  CAF_CHECK(eventually([&] { return server.counters().at("interrupted").to_number<int64_t>() == 1; }));
  // The frame in flight at the crash comes again (a queued copy): not sent twice.
  caf::anon_send(next, depth(2000));
  caf::anon_send(next, depth(3000));
  CAF_REQUIRE(eventually([&] { return bus->copy().size() == 2; }));
  auto frame = bus->copy().at(1);
  CAF_CHECK_EQUAL(frame.source_origin_us, 3000);
  CAF_CHECK_EQUAL(frame.seq, 1u);
  CAF_CHECK_EQUAL(frame.epoch, 2u);
  CAF_CHECK_EQUAL(frame.prompt, "storm clouds");
  state = inspect(next);
  CAF_CHECK_EQUAL(number(state, "duplicates"), 1);
  CAF_CHECK_EQUAL(number(state, "submitted"), 1);
  CAF_CHECK_EQUAL(server.counters().at("jobs").to_number<int64_t>(), 3);
}

CAF_TEST(with the server gone the breaker opens and the node keeps its tick) {
  auto port = server.port();
  auto inference = spawn_inference(options(server.url(),
    "retries = 1, timeout = 1s, breaker-failures = 3, breaker-window = 10s, breaker-open = 300ms"));
  caf::anon_send(inference, depth(1000));
  CAF_REQUIRE(eventually([&] { return bus->copy().size() == 1; }));
  server.kill();
  // A director-like tick every 50 ms beside it, counting its ticks.
  auto ticks = std::make_shared<std::atomic<int>>(0);
  auto ticker = sys.spawn([ticks](caf::event_based_actor* self) -> caf::behavior {
    self->send(self, atom::tick_v);
    return {[self, ticks](atom::tick) {
      ++*ticks;
      self->delayed_send(self, 50ms, atom::tick_v);
    }};
  });
  actors.push_back(ticker);
  auto started = std::chrono::steady_clock::now();
  int64_t origin = 1000;
  CAF_REQUIRE(eventually([&] {
    caf::anon_send(inference, depth(origin += 1000));
    return count_of(inspect(inference), "breaker", "opened") >= 1;
  }));
  for (int i = 0; i < 20; ++i) {
    caf::anon_send(inference, depth(origin += 1000));
    std::this_thread::sleep_for(50ms);
  }
  auto state = inspect(inference);
  CAF_CHECK(!state.empty());
  CAF_CHECK_GREATER(count_of(state, "failures", "connect"), 0);
  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Lenient: a loaded box delays ticks, but none stops.
  CAF_CHECK_GREATER(*ticks, static_cast<int>(elapsed / 0.05 / 2));
  // The server comes back on its port: the next probe closes the breaker.
  model_server again{source_dir(), {}, port};
  CAF_REQUIRE_EQUAL(again.port(), port);
  auto before = bus->copy().size();
  CAF_CHECK(eventually([&] {
    caf::anon_send(inference, depth(origin += 1000));
    return bus->copy().size() > before;
  }));
  CAF_CHECK_EQUAL(breaker_state(inspect(inference)), "closed");
}

CAF_TEST_FIXTURE_SCOPE_END()

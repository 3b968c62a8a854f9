#define CAF_SUITE sensing.sensor_retry
#include <caf/test/unit_test.hpp>

#include <sstream>

#include <spdlog/sinks/ostream_sink.h>

#include "actors/sensors/mocopi_input.hpp"
#include "actors/sensors/sensor.hpp"
#include "actors/sim/mocopi_source.hpp"
#include "system/errors.hpp"
#include "system/log/log.hpp"
#include "system/supervision/supervisor.hpp"
#include "tests/sensing/sensing_fixture.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace {

/// A source without a thread: the test hands it mocopi datagrams (it is
/// lume-sim's sink) and it passes them to the sensor's input.
class fake_source : public sensor_source, public sim::datagram_sink {
public:
  fake_source(std::shared_ptr<sensor_input> input, source_lost_fn lost)
    : input_(std::move(input)), lost(std::move(lost)) {}

  boost::json::object state() const override {
    return {{"fake", true}};
  }

  void send(const std::uint8_t* data, std::size_t size) override {
    input_->on_datagram(data, size, 0);
  }

  std::shared_ptr<sensor_input> input_;
  source_lost_fn lost;
};

/// Opens a fake source once `failures` attempts have failed; counts calls.
struct flaky_device {
  int failures = 0;
  int calls = 0;
  fake_source* opened = nullptr;

  source_opener opener(std::shared_ptr<sensor_input> input) {
    return [this, input](source_lost_fn lost) -> source_or_error {
      ++calls;
      if (calls <= failures)
        return std::string{"cannot open ALSA device 'hw:UMA8': No such device"};
      auto source = std::make_unique<fake_source>(input, std::move(lost));
      opened = source.get();
      return std::unique_ptr<sensor_source>{std::move(source)};
    };
  }
};

const retry_policy half_second_to_two{500ms, 2s};

/// The sensing fixture with the `sensor` role's log captured at info.
struct retry_fixture : sensing_fixture {
  retry_fixture() {
    log->sinks().push_back(capture);
    log->set_level(spdlog::level::info);
  }

  ~retry_fixture() {
    log->sinks().pop_back();
    log->set_level(spdlog::get_level());
  }

  /// A sensor `mocopi` over `device` sending to `motion-features`.
  caf::actor mocopi_on(flaky_device& device) {
    auto input = std::make_shared<mocopi_input>(sensor_output{*ctx, "mocopi", {"motion-features"}, true});
    auto mocopi = caf::actor_cast<caf::actor>(
      sys.spawn(sensor, sensor_setup{"mocopi", "mocopi", input, device.opener(input),
                                     half_second_to_two, nullptr}));
    bind("mocopi", mocopi);
    sched.run();
    return mocopi;
  }

  /// Log lines of the sensor role so far.
  std::string logged() const {
    return text.str();
  }

  std::ostringstream text;
  std::shared_ptr<spdlog::logger> log = role_logger("sensor");
  std::shared_ptr<spdlog::sinks::ostream_sink_st> capture
    = std::make_shared<spdlog::sinks::ostream_sink_st>(text);
};

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto i = text.find(part); i != std::string::npos; i = text.find(part, i + 1))
    ++n;
  return n;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(sensor_retry_tests, retry_fixture)

CAF_TEST(a sensor waits for its missing source and streams once it opens) {
  auto out = sink("motion-features");
  flaky_device device{4};
  auto mocopi = mocopi_on(device);
  auto state = inspect(mocopi);
  CAF_CHECK_EQUAL(state.at("state").as_string(), "waiting");
  CAF_CHECK_EQUAL(state.at("attempts").as_int64(), 1);
  CAF_CHECK_EQUAL(state.at("error").as_string(), "cannot open ALSA device 'hw:UMA8': No such device");
  CAF_CHECK_EQUAL(state.at("retry_in_s").as_double(), 0.5);
  CAF_CHECK(!state.contains("source"));
  // Waits of 0.5, 1, 2 and 2 s: the attempts come no earlier.
  for (auto wait : {500ms, 1000ms, 2000ms, 2000ms}) {
    const int before = device.calls;
    advance_time(wait - 1ms);
    sched.run();
    CAF_CHECK_EQUAL(device.calls, before);
    advance_time(1ms);
    sched.run();
    CAF_CHECK_EQUAL(device.calls, before + 1);
  }
  state = inspect(mocopi);
  CAF_CHECK_EQUAL(state.at("state").as_string(), "streaming");
  CAF_CHECK_EQUAL(state.at("attempts").as_int64(), 5);
  CAF_CHECK(state.at("source").at("fake").as_bool());
  CAF_REQUIRE(device.opened != nullptr);
  sim::mocopi_source dancer{50};
  for (std::uint64_t n = 0; n < 3; ++n)
    dancer.emit(n, {static_cast<std::int64_t>(n) * 20000, 1e9}, *device.opened);
  sched.run();
  CAF_CHECK_EQUAL(out->of<skeleton_frame>().size(), 3u);
  advance_time(10s);
  sched.run();
  CAF_CHECK_EQUAL(device.calls, 5);
  CAF_CHECK_EQUAL(count(logged(), "[warning]"), 1u);
  CAF_CHECK_EQUAL(count(logged(), "mocopi: waiting for its source: cannot open ALSA device"), 1u);
  CAF_CHECK_EQUAL(count(logged(), "[info]"), 1u);
  CAF_CHECK_EQUAL(count(logged(), "mocopi: source open after 5 attempts"), 1u);
}

CAF_TEST(a sensor whose source opens at once logs nothing) {
  flaky_device device{0};
  auto mocopi = mocopi_on(device);
  auto state = inspect(mocopi);
  CAF_CHECK_EQUAL(state.at("state").as_string(), "streaming");
  CAF_CHECK_EQUAL(state.at("attempts").as_int64(), 1);
  CAF_CHECK(state.at("error").is_null());
  CAF_CHECK_EQUAL(logged(), "");
}

CAF_TEST(a running sensor that loses its device fails to its supervisor) {
  flaky_device device{0};
  auto kinds = std::make_shared<kind_catalog>();
  actor_kind flaky;
  flaky.name = "flaky";
  flaky.spawn = [&](caf::actor_system& sys, const child_spec& spec,
                    const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto input = std::make_shared<mocopi_input>(sensor_output{*ctx, spec.name, {}, true});
    return spawn_sensor(sys, spec, input, device.opener(input), half_second_to_two);
  };
  kinds->add(std::move(flaky));
  ctx->kinds = kinds;
  child_spec root;
  root.name = "sensors";
  root.kind = "supervisor";
  root.flags = {restart_strategy::one_for_one, 3, std::chrono::seconds{5}};
  child_spec child;
  child.name = "audio";
  child.kind = "flaky";
  child.supervisor = "sensors";
  ctx->config.actors = {root, child};
  auto spawned = spawn_child(sys, root, ctx);
  CAF_REQUIRE(spawned);
  bind("sensors", *spawned);
  sched.run();
  CAF_REQUIRE(device.opened != nullptr);
  auto& proxy = *ctx->names->find("audio")->proxy;
  CAF_CHECK_EQUAL(proxy.restarts(), 0u);
  // Unplugged mid-show: the restarted sensor finds no device and waits.
  device.failures = 2;
  device.opened->lost("ALSA device 'hw:UMA8' lost: No such device");
  sched.run();
  CAF_CHECK_EQUAL(proxy.restarts(), 1u);
  CAF_CHECK_EQUAL(device.calls, 2);
  auto state = inspect(ctx->names->lookup("audio"));
  CAF_CHECK_EQUAL(state.at("state").as_string(), "waiting");
  CAF_CHECK_EQUAL(state.at("attempts").as_int64(), 1);
  CAF_CHECK_EQUAL(count(logged(), "audio: waiting for its source"), 1u);
}

CAF_TEST_FIXTURE_SCOPE_END()

#define CAF_SUITE sensing.mapper
#include <caf/test/dsl.hpp>

#include <cmath>

#include "actors/mapper/mapper.hpp"
#include "tests/sensing/options.hpp"
#include "tests/sensing/sensing_fixture.hpp"
#include "tests/mesh/checkpoint_sink.hpp"
#include "tests/sensing/udp_listener.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace {

param_spec linear(double in_low, double in_high, double out_low, double out_high) {
  param_spec p;
  p.name = "x";
  p.feature = "f";
  p.in_low = in_low;
  p.in_high = in_high;
  p.out_low = out_low;
  p.out_high = out_high;
  return p;
}

struct mapper_fixture : sensing_fixture {
  udp_listener osc;

  /// Spawns a mapper from options written in config syntax.
  caf::actor spawn_mapper(const std::string& options) {
    return spawn_mapper(spec_of("mapper", "mapper", options));
  }

  caf::actor spawn_mapper(const child_spec& spec) {
    auto spawned = mapper_kind().spawn(sys, spec, shared());
    if (!spawned)
      CAF_FAIL("mapper did not spawn: " << sys.render(spawned.error()));
    bind("mapper", *spawned);
    sched.run();
    return *spawned;
  }

  void features(const caf::actor& mapper, std::map<std::string, double> values,
                int64_t origin_us = 1) {
    caf::anon_send(mapper, feature_vector{"mocopi", origin_us, std::move(values)});
    sched.run();
  }

  /// The values of the next OSC datagram (fails the test after 1 s).
  std::map<std::string, float> next_osc() {
    auto datagram = osc.receive(1000ms);
    if (!datagram)
      CAF_FAIL("no OSC datagram");
    return osc_params(*datagram);
  }

  /// Drops the datagrams already queued at the OSC socket.
  void drain_osc() {
    while (osc.receive(0ms)) {
    }
  }

  std::string targets() const {
    return "targets = [\"" + osc.endpoint() + "\"]";
  }
};

} // namespace

CAF_TEST(curves run from 0 to 1 and shape the middle) {
  for (auto kind : {curve_kind::linear, curve_kind::exp, curve_kind::log, curve_kind::smoothstep}) {
    CAF_CHECK_LESS(std::abs(apply_curve(kind, 0, 4)), 1e-12);
    CAF_CHECK_LESS(std::abs(apply_curve(kind, 1, 4) - 1), 1e-12);
    CAF_CHECK_LESS(std::abs(apply_curve(kind, -3, 4)), 1e-12);
    CAF_CHECK_LESS(std::abs(apply_curve(kind, 7, 4) - 1), 1e-12);
    for (double t = 0; t < 1; t += 0.05)
      CAF_CHECK_LESS(apply_curve(kind, t, 4), apply_curve(kind, t + 0.05, 4));
  }
  CAF_CHECK_LESS(apply_curve(curve_kind::exp, 0.5, 4), 0.2);
  CAF_CHECK_GREATER(apply_curve(curve_kind::log, 0.5, 4), 0.8);
  for (double t = 0; t <= 1; t += 0.1)
    CAF_CHECK_LESS(std::abs(apply_curve(curve_kind::log, apply_curve(curve_kind::exp, t, 3), 3) - t),
                   1e-9);
  CAF_CHECK_LESS(std::abs(apply_curve(curve_kind::smoothstep, 0.5, 4) - 0.5), 1e-12);
  CAF_CHECK_LESS(apply_curve(curve_kind::smoothstep, 0.01, 4), 0.001);
  CAF_CHECK_EQUAL(parse_curve("smoothstep"), curve_kind::smoothstep);
  CAF_CHECK(!parse_curve("cubic"));
}

CAF_TEST(a feature maps through its ranges with clamping) {
  auto p = linear(10, 20, 0, 100);
  CAF_CHECK_EQUAL(map_feature(p, 15), 50);
  CAF_CHECK_EQUAL(map_feature(p, 0), 0);
  CAF_CHECK_EQUAL(map_feature(p, 99), 100);
  auto inverted = linear(0, 1, 1, 0);
  CAF_CHECK_LESS(std::abs(map_feature(inverted, 0.25) - 0.75), 1e-12);
  auto descending_input = linear(1, 0, 0, 10);
  CAF_CHECK_LESS(std::abs(map_feature(descending_input, 0.25) - 7.5), 1e-12);
}

CAF_TEST(smoothing covers 63 percent of a step per time constant) {
  CAF_CHECK_LESS(std::abs(smooth_towards(0, 1, 0.1, 0.1) - (1 - std::exp(-1.0))), 1e-12);
  CAF_CHECK_EQUAL(smooth_towards(0, 1, 0.001, 0), 1);
  CAF_CHECK_EQUAL(smooth_towards(0.3, 1, 0, 0.1), 0.3);
}

CAF_TEST(param specs read every key and name what is wrong) {
  auto parse = [](const std::string& text) {
    return read_param_specs(caf::get<caf::settings>(*caf::config_value::parse(text)));
  };
  auto good = parse(R"({ energy = { feature = "motion.energy_j", in = [0, 200.0], out = [1.0, 0.0],
                         curve = "exp", steepness = 2.5, smoothing = 80ms } })");
  CAF_REQUIRE(std::holds_alternative<std::vector<param_spec>>(good));
  auto& spec = std::get<std::vector<param_spec>>(good).at(0);
  CAF_CHECK_EQUAL(spec.name, "energy");
  CAF_CHECK_EQUAL(spec.feature, "motion.energy_j");
  CAF_CHECK_EQUAL(spec.in_high, 200);
  CAF_CHECK_EQUAL(spec.out_low, 1);
  CAF_CHECK_EQUAL(spec.curve, curve_kind::exp);
  CAF_CHECK_EQUAL(spec.steepness, 2.5);
  CAF_CHECK_LESS(std::abs(spec.smoothing_s - 0.08), 1e-12);
  auto error = [&](const std::string& text) {
    auto result = parse(text);
    return std::holds_alternative<std::string>(result) ? std::get<std::string>(result) : "";
  };
  CAF_CHECK_EQUAL(error(R"({ a = { in = [0, 1] } })"),
                  "param 'a': 'feature' names the feature it follows");
  CAF_CHECK_EQUAL(error(R"({ a = { feature = "f", curve = "cubic" } })"),
                  "param 'a': unknown curve 'cubic' (linear, exp, log, smoothstep)");
  CAF_CHECK_EQUAL(error(R"({ a = { feature = "f", in = [1, 1] } })"),
                  "param 'a': 'in' must be two different numbers");
  CAF_CHECK_EQUAL(error(R"({ a = { feature = "f", gain = 2 } })"),
                  "param 'a': unknown key 'gain' (feature, in, out, curve, steepness, smoothing)");
  CAF_CHECK_EQUAL(error(R"({ a = { feature = "f", smoothing = 3 } })"),
                  "param 'a': 'smoothing' must be a duration such as 100ms");
  CAF_CHECK_EQUAL(error("{}"), "'params' names no parameter");
}

CAF_TEST_FIXTURE_SCOPE(mapper_tests, mapper_fixture)

CAF_TEST(new features go out at once as OSC and as music_params) {
  auto params = sink("bridge");
  auto mapper = spawn_mapper("{ " + targets() + R"(, subscribers = ["bridge"],
    params = { energy = { feature = "motion.energy_j", in = [0, 100.0] },
               flex = { feature = "motion.chest_flex_deg", in = [-30.0, 30.0], out = [0, 10.0] } } })");
  features(mapper, {{"motion.energy_j", 50.0}, {"motion.chest_flex_deg", 15.0}}, 1234);
  auto osc_values = next_osc();
  CAF_CHECK_EQUAL(osc_values.size(), 2u);
  CAF_CHECK_LESS(std::abs(osc_values["energy"] - 0.5f), 1e-6);
  CAF_CHECK_LESS(std::abs(osc_values["flex"] - 7.5f), 1e-6);
  auto sent = params->of<music_params>();
  CAF_REQUIRE_EQUAL(sent.size(), 1u);
  CAF_CHECK_EQUAL(sent[0].origin_us, 1234);
  CAF_CHECK_EQUAL(sent[0].values.at("energy"), 0.5);
  auto state = inspect(mapper);
  CAF_CHECK_EQUAL(state.at("sends_on_input").as_int64(), 1);
  CAF_CHECK_EQUAL(state.at("params").at("flex").at("input").as_double(), 15.0);
  auto hops = ctx->latency->summaries();
  auto osc_hop = std::find_if(hops.begin(), hops.end(),
                              [](auto& row) { return row.first == "mapper.osc.mocopi"; });
  CAF_REQUIRE(osc_hop != hops.end());
  CAF_CHECK_EQUAL(osc_hop->second.count, 1u);
}

CAF_TEST(without input the mapper sends at its rate) {
  auto mapper = spawn_mapper("{ " + targets() + R"(, rate = 50, on-input = false,
    params = { energy = { feature = "motion.energy_j" } } })");
  for (int i = 0; i < 50; ++i) {
    advance_time(20ms);
    sched.run();
  }
  CAF_CHECK_EQUAL(inspect(mapper).at("sends").as_int64(), 50);
  features(mapper, {{"motion.energy_j", 1.0}});
  CAF_CHECK_EQUAL(inspect(mapper).at("sends").as_int64(), 50);
  advance_time(20ms);
  sched.run();
  CAF_CHECK_EQUAL(inspect(mapper).at("sends").as_int64(), 51);
}

CAF_TEST(inputs within the minimum interval are sent together once it passed) {
  auto mapper = spawn_mapper("{ " + targets() + R"(, rate = 10, max-rate = 200,
    params = { energy = { feature = "motion.energy_j", in = [0, 10.0] } } })");
  features(mapper, {{"motion.energy_j", 1.0}});
  features(mapper, {{"motion.energy_j", 2.0}});
  features(mapper, {{"motion.energy_j", 3.0}});
  CAF_CHECK_EQUAL(inspect(mapper).at("sends").as_int64(), 1);
  CAF_CHECK_LESS(std::abs(next_osc()["energy"] - 0.1f), 1e-6);
  advance_time(5ms);
  sched.run();
  CAF_CHECK_EQUAL(inspect(mapper).at("sends_on_input").as_int64(), 2);
  CAF_CHECK_LESS(std::abs(next_osc()["energy"] - 0.3f), 1e-6);
}

CAF_TEST(smoothing moves a parameter along its time constant between sends) {
  auto mapper = spawn_mapper("{ " + targets() + R"(, rate = 50, on-input = false,
    params = { level = { feature = "audio.mix_rms", smoothing = 100ms } } })");
  features(mapper, {{"audio.mix_rms", 1.0}});
  for (int i = 0; i < 5; ++i) {
    advance_time(20ms);
    sched.run();
  }
  auto state = inspect(mapper);
  auto value = state.at("params").at("level").at("value").as_double();
  CAF_CHECK_LESS(std::abs(value - (1 - std::exp(-1.0))), 1e-9);
  CAF_CHECK_EQUAL(state.at("params").at("level").at("target").as_double(), 1.0);
}

CAF_TEST(an operator override sets parameters at once) {
  auto mapper = spawn_mapper("{ " + targets() + R"(, params = { energy = { feature = "motion.energy_j", smoothing = 1s } } })");
  drain_osc();
  caf::anon_send(mapper, music_params{0, {{"energy", 0.9}, {"nonsense", 1.0}}});
  sched.run();
  CAF_CHECK_LESS(std::abs(next_osc()["energy"] - 0.9f), 1e-6);
  auto state = inspect(mapper);
  CAF_CHECK_EQUAL(state.at("overrides").as_int64(), 1);
  CAF_CHECK_EQUAL(state.at("unknown_overrides").as_int64(), 1);
}

CAF_TEST(a movable mapper resumes its parameters from the last checkpoint) {
  ctx->mesh = sys.spawn(checkpoint_sink, ctx->checkpoints, std::make_shared<checkpoint_log>());
  ctx->config.mesh.checkpoint_interval = 20ms;
  auto spec = spec_of("mapper", "mapper", "{ " + targets() + R"(, rate = 50,
    params = { level = { feature = "audio.mix_rms", smoothing = 1s } } })");
  spec.movable = true;
  spec.nodes = {"test"};
  ctx->checkpoints->set_epoch("mapper", 1);
  auto first = spawn_mapper(spec);
  features(first, {{"audio.mix_rms", 1.0}});
  for (int i = 0; i < 25; ++i) {
    advance_time(20ms);
    sched.run();
  }
  auto before = inspect(first).at("params").at("level").as_object();
  auto value = before.at("value").as_double();
  CAF_CHECK_GREATER(value, 0.3);
  // The host dies; the next incarnation goes on from where the parameter was.
  caf::anon_send_exit(first, caf::exit_reason::kill);
  sched.run();
  ctx->checkpoints->set_epoch("mapper", 2);
  auto next = spawn_mapper(spec);
  auto after = inspect(next);
  CAF_CHECK_EQUAL(after.at("epoch").as_int64(), 2);
  CAF_CHECK(after.at("checkpoint_age_ms").as_double() >= 0);
  CAF_CHECK_EQUAL(after.at("params").at("level").at("value").as_double(), value);
  CAF_CHECK_EQUAL(after.at("params").at("level").at("target").as_double(), 1.0);
  drain_osc();
  advance_time(20ms);
  sched.run();
  auto sent = next_osc()["level"];
  CAF_CHECK_LESS(std::abs(sent - static_cast<float>(smooth_towards(value, 1.0, 0.02, 1.0))),
                 1e-6);
  caf::anon_send_exit(ctx->mesh, caf::exit_reason::user_shutdown);
}

CAF_TEST(bad options fail the spawn with the key named) {
  auto spec = spec_of("mapper", "mapper", R"({ params = { a = { feature = "f", curve = "wobbly" } } })");
  auto spawned = mapper_kind().spawn(sys, spec, shared());
  CAF_REQUIRE(!spawned);
  CAF_CHECK(sys.render(spawned.error()).find("param 'a': unknown curve 'wobbly'") != std::string::npos);
  auto rate = spec_of("mapper", "mapper", R"({ rate = 0, params = { a = { feature = "f" } } })");
  CAF_CHECK(!mapper_kind().spawn(sys, rate, shared()));
}

CAF_TEST_FIXTURE_SCOPE_END()

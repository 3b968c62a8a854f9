#define CAF_SUITE sensing.features
#include <caf/test/dsl.hpp>

#include <cmath>

#include "actors/features/actors/audio_features_actor.hpp"
#include "actors/features/actors/depth_features_actor.hpp"
#include "actors/features/actors/motion_features_actor.hpp"
#include "actors/mapper/mapper.hpp"
#include "actors/sim/dancer.hpp"
#include "tests/sensing/options.hpp"
#include "tests/sensing/sensing_fixture.hpp"
#include "tests/sensing/udp_listener.hpp"

using namespace lume;
using namespace lume::test;

namespace {

/// The simulated dancer's pose at frame `n` (50 fps) as a sensor message.
skeleton_frame dancer_frame(const sim::dancer& dancer, int n) {
  auto pose = dancer.pose(n * 0.02);
  skeleton_frame msg;
  msg.source = "mocopi";
  msg.frame = static_cast<uint32_t>(n);
  msg.origin_us = 1'000'000 + n * 20000;
  for (auto& b : pose.bones)
    msg.joints.push_back({b.parent, b.rot[0], b.rot[1], b.rot[2], b.rot[3], b.pos[0], b.pos[1], b.pos[2]});
  return msg;
}

struct flow_fixture : sensing_fixture {
  caf::actor spawn_kind(const actor_kind& kind, const std::string& name, const std::string& options) {
    auto spawned = kind.spawn(sys, spec_of(name, kind.name, options), shared());
    if (!spawned)
      CAF_FAIL(name << " did not spawn: " << sys.render(spawned.error()));
    bind(name, *spawned);
    sched.run();
    return *spawned;
  }

  std::uint64_t hop_count(const std::string& hop) {
    for (auto& [name, summary] : ctx->latency->summaries())
      if (name == hop)
        return summary.count;
    return 0;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(feature_flow_tests, flow_fixture)

CAF_TEST(skeletons become motion features with their source and origin) {
  auto out = sink("out");
  auto motion = spawn_kind(motion_features_kind(), "motion-features", R"({ subscribers = ["out"] })");
  sim::dancer dancer;
  for (int n = 0; n < 50; ++n)
    caf::anon_send(motion, dancer_frame(dancer, n));
  sched.run();
  auto fvs = out->of<feature_vector>();
  CAF_REQUIRE_EQUAL(fvs.size(), 50u);
  CAF_CHECK_EQUAL(fvs[7].source, "mocopi");
  CAF_CHECK_EQUAL(fvs[7].origin_us, 1'000'000 + 7 * 20000);
  // The first second is a still stance: only breathing and postural sway.
  CAF_CHECK_GREATER(fvs.back().values.at("motion.energy_j"), 0.0001);
  CAF_CHECK_LESS(fvs.back().values.at("motion.energy_j"), 0.05);
  CAF_CHECK_GREATER(fvs.back().values.at("motion.root_y_m"), 0.5);
  CAF_CHECK_EQUAL(fvs.back().values.count("motion.chest_flex_deg"), 1u);
  auto odd = dancer_frame(dancer, 50);
  odd.joints.resize(10);
  caf::anon_send(motion, odd);
  sched.run();
  CAF_CHECK_EQUAL(out->of<feature_vector>().size(), 50u);
  auto state = inspect(motion);
  CAF_CHECK_EQUAL(state.at("wrong_rig").as_int64(), 1);
  CAF_CHECK_EQUAL(state.at("published").as_int64(), 50);
  CAF_CHECK_EQUAL(hop_count("motion-features.in.mocopi"), 51u);
  CAF_CHECK_EQUAL(hop_count("motion-features.out.mocopi"), 50u);
}

CAF_TEST(phone samples become phone features) {
  auto out = sink("out");
  auto motion = spawn_kind(motion_features_kind(), "motion-features", R"({ subscribers = ["out"] })");
  for (int n = 0; n < 20; ++n) {
    phone_motion sample;
    sample.source = "phone";
    sample.origin_us = n * 10000;
    sample.az = 1;
    sample.gz = n < 10 ? 0.f : 2.f;
    caf::anon_send(motion, sample);
  }
  sched.run();
  auto fvs = out->of<feature_vector>();
  CAF_REQUIRE_EQUAL(fvs.size(), 20u);
  CAF_CHECK_EQUAL(fvs[0].source, "phone");
  CAF_CHECK_LESS(std::abs(fvs[5].values.at("phone.accel_minus_gravity_m_per_s2")), 1e-4);
  CAF_CHECK_LESS(std::abs(fvs[15].values.at("phone.rotation_rate_rad_per_s") - 2), 1e-5);
}

CAF_TEST(depth frames become depth features) {
  auto out = sink("out");
  auto depth = spawn_kind(depth_features_kind(), "depth-features", R"({ subscribers = ["out"] })");
  depth_frame frame;
  frame.source = "femto";
  frame.origin_us = 42;
  frame.width = 64;
  frame.height = 48;
  frame.depth_mm.assign(64 * 48, 6000);
  for (int y = 12; y < 36; ++y)
    for (int x = 16; x < 48; ++x)
      frame.depth_mm[y * 64 + x] = 2000;
  caf::anon_send(depth, frame);
  frame.depth_mm.resize(10);
  caf::anon_send(depth, frame);
  sched.run();
  auto fvs = out->of<feature_vector>();
  CAF_REQUIRE_EQUAL(fvs.size(), 1u);
  CAF_CHECK_EQUAL(fvs[0].source, "femto");
  CAF_CHECK_EQUAL(fvs[0].origin_us, 42);
  CAF_CHECK_EQUAL(fvs[0].values.at("depth.present"), 1);
  CAF_CHECK_LESS(std::abs(fvs[0].values.at("depth.centroid_x") - 0.5), 1e-6);
  CAF_CHECK_LESS(std::abs(fvs[0].values.at("depth.centroid_z_mm") - 2000), 1e-3);
  CAF_CHECK_LESS(std::abs(fvs[0].values.at("depth.bbox_width") - 0.5), 1e-6);
  CAF_CHECK_EQUAL(inspect(depth).at("bad_frames").as_int64(), 1);
}

CAF_TEST(audio blocks become level centroid and direction features) {
  auto out = sink("out");
  auto audio = spawn_kind(audio_features_kind(), "audio-features", R"({ subscribers = ["out"] })");
  constexpr double pi = 3.14159265358979323846;
  for (uint32_t block = 0; block < 4; ++block) {
    audio_block msg;
    msg.source = "uma8";
    msg.sequence = block;
    msg.origin_us = block * 21333;
    msg.sample_rate = 48000;
    msg.channels = 8;
    for (int i = 0; i < 1024; ++i) {
      auto t = static_cast<double>(block * 1024 + static_cast<uint32_t>(i)) / 48000;
      for (int c = 0; c < 8; ++c)
        msg.samples.push_back(static_cast<float>(0.5 * std::sin(2 * pi * 1000 * t)));
    }
    caf::anon_send(audio, msg);
  }
  audio_block partial;
  partial.sample_rate = 48000;
  partial.channels = 8;
  partial.samples.resize(12);
  caf::anon_send(audio, partial);
  sched.run();
  auto fvs = out->of<feature_vector>();
  CAF_REQUIRE_EQUAL(fvs.size(), 4u);
  auto& last = fvs.back().values;
  CAF_CHECK_EQUAL(fvs.back().source, "uma8");
  CAF_CHECK_LESS(std::abs(last.at("audio.mix_rms") - 0.5 / std::sqrt(2.0)), 1e-3);
  CAF_CHECK_LESS(std::abs(last.at("audio.centroid_hz") - 1000), 100);
  CAF_CHECK_EQUAL(last.count("audio.doa_valid"), 1u);
  auto state = inspect(audio);
  CAF_CHECK_EQUAL(state.at("bad_blocks").as_int64(), 1);
  CAF_CHECK(state.at("doa").as_bool());
}

CAF_TEST(features flow through the mapper by name and every hop is measured) {
  udp_listener osc;
  auto params = sink("bridge");
  spawn_kind(mapper_kind(), "mapper",
             "{ targets = [\"" + osc.endpoint() + R"("], subscribers = ["bridge"],
                params = { energy = { feature = "motion.energy_j", in = [0, 50.0] } } })");
  auto motion = spawn_kind(motion_features_kind(), "motion-features", R"({ subscribers = ["mapper"] })");
  sim::dancer dancer;
  for (int n = 0; n < 10; ++n) {
    caf::anon_send(motion, dancer_frame(dancer, n));
    sched.run();
  }
  auto sent = params->of<music_params>();
  CAF_REQUIRE_GREATER_OR_EQUAL(sent.size(), 1u);
  CAF_CHECK_EQUAL(sent.back().values.count("energy"), 1u);
  CAF_CHECK(osc.receive(std::chrono::milliseconds{1000}));
  CAF_CHECK_EQUAL(hop_count("motion-features.in.mocopi"), 10u);
  CAF_CHECK_EQUAL(hop_count("mapper.in.mocopi"), 10u);
  CAF_CHECK_GREATER_OR_EQUAL(hop_count("mapper.osc.mocopi"), 1u);
}

CAF_TEST_FIXTURE_SCOPE_END()

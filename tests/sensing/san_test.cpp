#define CAF_SUITE sensing.san
#include <caf/test/dsl.hpp>

#include <cmath>
#include <cstdio>

#include "actors/features/actors/feature_values.hpp"
#include "actors/san/dtw.hpp"
#include "actors/san/gesture_template.hpp"
#include "actors/san/peak_predictor.hpp"
#include "actors/san/san.hpp"
#include "actors/sim/dancer.hpp"
#include "actors/sim/mocopi_source.hpp"
#include "net/recording_format.hpp"
#include "tests/sensing/options.hpp"
#include "tests/sensing/sensing_fixture.hpp"

using namespace lume;
using namespace lume::test;

namespace {

constexpr double pi = 3.14159265358979323846;

/// Two dims: a bump sin(pi u) and a tilt u, sampled at `frames` points of u in [0, 1].
feature_sequence bump(std::size_t frames) {
  feature_sequence seq;
  seq.dims = 2;
  for (std::size_t i = 0; i < frames; ++i) {
    double u = static_cast<double>(i) / static_cast<double>(frames - 1);
    seq.values.push_back(std::sin(pi * u));
    seq.values.push_back(u);
  }
  return seq;
}

feature_sequence constant(std::size_t frames, double a, double b) {
  feature_sequence seq;
  seq.dims = 2;
  for (std::size_t i = 0; i < frames; ++i) {
    seq.values.push_back(a);
    seq.values.push_back(b);
  }
  return seq;
}

feature_sequence concat(std::initializer_list<feature_sequence> parts) {
  feature_sequence seq;
  seq.dims = 2;
  for (auto& part : parts)
    seq.values.insert(seq.values.end(), part.values.begin(), part.values.end());
  return seq;
}

/// Streams `live` through `matcher` at 50 frames per second from t = 0.
std::vector<dtw_match> stream(subsequence_matcher& matcher, const feature_sequence& live) {
  std::vector<dtw_match> found;
  for (std::size_t i = 0; i < live.frames(); ++i)
    if (auto m = matcher.push(live.frame(i), static_cast<int64_t>(i) * 20000))
      found.push_back(*m);
  for (std::size_t i = 0; i < 40; ++i)
    if (auto m = matcher.push(live.frame(live.frames() - 1),
                              static_cast<int64_t>(live.frames() + i) * 20000))
      found.push_back(*m);
  return found;
}

/// Kinetic-energy-like pulses: a Gaussian of `height` J every `period_us`,
/// first at `first_us`, on a 0.5 J floor.
double pulses(int64_t t_us, int64_t first_us, int64_t period_us, double height) {
  double best = 0;
  for (int64_t k = 0; k < 64; ++k) {
    double dt = static_cast<double>(t_us - (first_us + k * period_us)) * 1e-6;
    best = std::max(best, height * std::exp(-dt * dt / (2 * 0.04 * 0.04)));
  }
  return 0.5 + best;
}

} // namespace

CAF_TEST(scales are the spread of each dimension with a floor) {
  auto scale = scales_of(bump(101), 0.05);
  CAF_REQUIRE_EQUAL(scale.size(), 2u);
  CAF_CHECK_LESS(std::abs(scale[1] - std::sqrt(1.0 / 12)), 0.01);
  auto flat = scales_of(constant(10, 3, 3), 0.05);
  CAF_CHECK_EQUAL(flat[0], 0.05);
}

CAF_TEST(the streaming matcher finds a slower gesture once where it happened) {
  subsequence_matcher matcher{bump(20), {0.3, 0.3}, 0.5};
  auto live = concat({constant(30, 0, 0), bump(32), constant(30, 0, 1)});
  auto found = stream(matcher, live);
  CAF_REQUIRE_EQUAL(found.size(), 1u);
  CAF_CHECK_LESS(std::abs(found[0].start_us - 30 * 20000), 3 * 20000);
  CAF_CHECK_LESS(std::abs(found[0].end_us - 61 * 20000), 3 * 20000);
  CAF_CHECK_GREATER(found[0].confidence, 0.5);
}

CAF_TEST(the streaming matcher ignores other shapes and too fast gestures) {
  subsequence_matcher matcher{bump(20), {0.3, 0.3}, 0.5};
  auto flat = concat({constant(30, 0, 0), constant(30, 0.5, 0.5), constant(30, 1, 1)});
  CAF_CHECK(stream(matcher, flat).empty());
  auto fast = concat({constant(30, 0, 0), bump(6), constant(30, 0, 1)});
  CAF_CHECK(stream(matcher, fast).empty());
}

CAF_TEST(the predictor finds the rhythm of energy peaks) {
  peak_predictor predictor;
  std::optional<peak_prediction> last;
  int64_t t = 0;
  for (; t < 3'000'000; t += 20000)
    if (auto p = predictor.push(pulses(t, 250'000, 500'000, 10), t))
      last = p;
  CAF_CHECK_EQUAL(predictor.peaks(), 6u);
  CAF_REQUIRE(last);
  CAF_CHECK_LESS(std::abs(last->last_peak_us - 2'750'000), 20001);
  CAF_CHECK_LESS(std::abs(last->period_s - 0.5), 0.021);
  CAF_CHECK_LESS(std::abs(last->next_peak_us - 3'250'000), 40001);
  CAF_CHECK_GREATER(last->confidence, 0.9);
  CAF_CHECK_LESS(std::abs(last->intensity - 10.5), 1.0);
}

CAF_TEST(the predictor ignores bumps below the minimum peak) {
  peak_predictor predictor;
  for (int64_t t = 0; t < 3'000'000; t += 20000)
    CAF_CHECK(!predictor.push(pulses(t, 250'000, 500'000, 1.0), t));
  CAF_CHECK_EQUAL(predictor.peaks(), 0u);
}

CAF_TEST_FIXTURE_SCOPE(san_tests, sensing_fixture)

CAF_TEST(the san places the next energy peak on the beat grid) {
  auto gestures = sink("director");
  auto spawned = san_kind().spawn(sys, spec_of("san", "san", R"({ subscribers = ["director"] })"),
                                  shared());
  CAF_REQUIRE(spawned);
  bind("san", *spawned);
  // 120 BPM from host time 0: a beat every 0.5 s; peaks land 50 ms after each beat.
  for (int64_t t = 0; t < 4'000'000; t += 20000) {
    caf::anon_send(*spawned,
                   feature_vector{"mocopi", t, {{"motion.energy_j", pulses(t, 50'000, 500'000, 12)}}});
    sched.run();
  }
  auto events = gestures->of<gesture>();
  CAF_REQUIRE_GREATER_OR_EQUAL(events.size(), 5u);
  auto& last = events.back();
  CAF_CHECK_EQUAL(last.name, "peak");
  CAF_CHECK_LESS(std::abs(last.predicted_peak_us - 4'050'000), 40001);
  CAF_CHECK_LESS(std::abs(last.predicted_beat - 8.1), 0.08);
  CAF_CHECK_GREATER(last.confidence, 0.9);
  auto state = inspect(*spawned);
  CAF_CHECK_LESS(std::abs(state.at("prediction").at("offset_beats").as_double() - 0.1), 0.08);
}

CAF_TEST(the san recognizes a recorded gesture in live motion) {
  // Record two seconds of the simulated dancer's mocopi stream (bar 1: groove) as a template.
  char path[] = "/tmp/lume-gesture-XXXXXX";
  close(mkstemp(path));
  {
    auto created = net::recording_writer::create(path);
    CAF_REQUIRE(std::holds_alternative<net::recording_writer>(created));
    auto& writer = std::get<net::recording_writer>(created);
    struct to_file : sim::datagram_sink {
      net::recording_writer* writer;
      std::uint64_t t_us = 0;
      void send(const std::uint8_t* data, std::size_t size) override {
        writer->write(t_us, data, size);
      }
    } sink;
    sink.writer = &writer;
    sim::mocopi_source source{50};
    for (std::uint64_t n = 0; n < 200; ++n) {
      sink.t_us = n * 20000;
      source.emit(n, {static_cast<int64_t>(n) * 20000, 1e9 + static_cast<double>(n) * 0.02}, sink);
    }
    CAF_REQUIRE(!writer.close());
  }
  std::vector<std::string> dims{"motion.left_hand_above_root_m", "motion.right_hand_above_root_m",
                                "motion.chest_flex_deg", "motion.root_above_floor_m"};
  auto loaded = load_gesture_template(path, dims);
  CAF_REQUIRE(std::holds_alternative<feature_sequence>(loaded));
  CAF_CHECK_EQUAL(std::get<feature_sequence>(loaded).frames(), 200u);
  auto unknown = load_gesture_template(path, {"motion.tail_wag"});
  CAF_REQUIRE(std::holds_alternative<std::string>(unknown));
  CAF_CHECK(std::get<std::string>(unknown).find("'motion.tail_wag' is not a motion feature")
            != std::string::npos);
  auto events = sink("director");
  auto spawned = san_kind().spawn(
    sys, spec_of("san", "san", std::string{R"({ subscribers = ["director"], gestures = { opening = { template = ")"}
                                 + path + R"(", threshold = 0.6 } } })"),
    shared());
  std::remove(path);
  CAF_REQUIRE(spawned);
  bind("san", *spawned);
  // Live: the dancer from the top of its pattern (the template's motion) for 6 s.
  sim::dancer dancer;
  features::motion_features motion;
  for (int n = 0; n < 300; ++n) {
    auto pose = dancer.pose(n * 0.02);
    pose.timestamp_us = n * 20000;
    feature_values values;
    motion_values(motion.process(pose), values);
    caf::anon_send(*spawned, feature_vector{"mocopi", pose.timestamp_us, values});
    sched.run();
  }
  std::vector<gesture> recognized;
  for (auto& g : events->of<gesture>())
    if (g.name == "opening")
      recognized.push_back(g);
  CAF_REQUIRE_EQUAL(recognized.size(), 1u);
  CAF_CHECK_LESS(std::abs(recognized[0].predicted_peak_us - 3'980'000), 200'000);
  CAF_CHECK_GREATER(recognized[0].confidence, 0.5);
}

CAF_TEST_FIXTURE_SCOPE_END()

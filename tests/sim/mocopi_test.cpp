#define CAF_SUITE sim.mocopi
#include <caf/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <variant>
#include <vector>

#include "actors/features/motion_features.hpp"
#include "actors/sim/mocopi_source.hpp"
#include "net/mocopi_decoder.hpp"
#include "net/mocopi_stream.hpp"
#include "tests/sim/collecting_sink.hpp"

using namespace lume;
using lume::sim::test::collecting_sink;

namespace {

constexpr unsigned fps = 50;

/// The datagrams of ticks [0, seconds · fps).
collecting_sink stream_of(double seconds) {
  sim::mocopi_source source{fps};
  collecting_sink sink;
  const auto ticks = static_cast<std::uint64_t>(seconds * fps);
  for (std::uint64_t n = 0; n < ticks; ++n)
    source.emit(n, {1'000'000 + static_cast<std::int64_t>(n) * 20'000, 1.7e9 + n / 50.0}, sink);
  return sink;
}

/// A decoded frame as the features library sees it: parents from the rig,
/// timestamp from the frame's `time`.
features::skeleton_frame to_skeleton(const net::mocopi_skeleton& rig,
                                     const net::mocopi_frame& frame) {
  features::skeleton_frame s;
  s.timestamp_us = std::llround(double(frame.time_s) * 1e6);
  for (std::size_t i = 0; i < rig.bone_count; ++i) {
    const auto& b = rig.bones[i];
    s.bones[b.id].parent = b.parent_id == net::mocopi_no_parent ? -1 : int(b.parent_id);
  }
  for (std::size_t i = 0; i < frame.bone_count; ++i) {
    const auto& p = frame.bones[i];
    const auto& t = p.transform;
    s.bones[p.id].rot = {t.rx, t.ry, t.rz, t.rw};
    s.bones[p.id].pos = {t.px, t.py, t.pz};
  }
  return s;
}

/// Motion features of every frame of the first `seconds`, through the wire.
std::vector<features::motion_result> motion_over(double seconds) {
  const auto sink = stream_of(seconds);
  net::mocopi_stream stream;
  features::motion_features motion;
  std::vector<features::motion_result> results;
  for (const auto& d : sink.datagrams) {
    const auto event = stream.push(d.data(), d.size());
    if (event.kind == net::mocopi_event_kind::frame)
      results.push_back(motion.process(to_skeleton(*stream.rig(), *event.frame)));
  }
  return results;
}

struct spread {
  float p5 = 0, p50 = 0, p95 = 0, max = 0;
};

spread percentiles(std::vector<float> v) {
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) { return v[static_cast<std::size_t>(q * (v.size() - 1))]; };
  return {at(0.05), at(0.5), at(0.95), v.back()};
}

} // namespace

CAF_TEST(datagrams decode with the app sizes and a skeleton every 3.5 s) {
  const auto sink = stream_of(8.0);
  // 400 frames and skeletons at 0, 3.5 and 7 s.
  CAF_REQUIRE_EQUAL(sink.datagrams.size(), 403u);
  std::size_t skeletons = 0;
  std::uint32_t expected_frame = 0;
  for (const auto& d : sink.datagrams) {
    const auto decoded = net::decode_mocopi_datagram(d.data(), d.size());
    if (const auto* s = std::get_if<net::mocopi_skeleton>(&decoded)) {
      CAF_CHECK_EQUAL(d.size(), net::mocopi_skeleton_size_27);
      CAF_CHECK_EQUAL(s->bone_count, 27u);
      for (std::size_t i = 0; i < s->bone_count; ++i) {
        const int parent = features::mocopi_parents[s->bones[i].id];
        CAF_CHECK_EQUAL(s->bones[i].parent_id,
                        parent < 0 ? net::mocopi_no_parent : std::uint16_t(parent));
      }
      // A skeleton precedes frames 0, 175 and 350.
      CAF_CHECK_EQUAL(expected_frame % 175, 0u);
      ++skeletons;
    } else if (const auto* f = std::get_if<net::mocopi_frame>(&decoded)) {
      CAF_CHECK_EQUAL(d.size(), net::mocopi_frame_size_27);
      CAF_CHECK_EQUAL(f->frame_number, expected_frame);
      CAF_CHECK_LESS(std::abs(f->time_s - expected_frame / float(fps)), 1e-4f);
      CAF_CHECK(f->unix_time_s.has_value());
      CAF_CHECK(f->timecode.has_value());
      CAF_CHECK_EQUAL(f->bone_count, 27u);
      ++expected_frame;
    } else {
      CAF_FAIL("refused: " << int(std::get<net::mocopi_refusal>(decoded)));
    }
  }
  CAF_CHECK_EQUAL(skeletons, 3u);
  net::mocopi_stream stream;
  for (const auto& d : sink.datagrams)
    stream.push(d.data(), d.size());
  CAF_CHECK_EQUAL(stream.counters().frames, 400u);
  CAF_CHECK_EQUAL(stream.counters().lost_frames, 0u);
  CAF_CHECK_EQUAL(net::refusals(stream.counters()), 0u);
}

CAF_TEST(only the root translates and rotations are unit quaternions) {
  const auto sink = stream_of(16.0);
  const auto rest = features::mocopi_t_pose();
  float root_low = 1e9f;
  float root_high = -1e9f;
  for (const auto& d : sink.datagrams) {
    const auto decoded = net::decode_mocopi_datagram(d.data(), d.size());
    const auto* f = std::get_if<net::mocopi_frame>(&decoded);
    if (f == nullptr)
      continue;
    for (std::size_t i = 0; i < f->bone_count; ++i) {
      const auto& t = f->bones[i].transform;
      CAF_CHECK_LESS(std::abs(t.rx * t.rx + t.ry * t.ry + t.rz * t.rz + t.rw * t.rw - 1.f), 1e-4f);
      if (f->bones[i].id == features::root) {
        root_low = std::min(root_low, t.py);
        root_high = std::max(root_high, t.py);
        continue;
      }
      const auto& r = rest.bones[f->bones[i].id].pos;
      CAF_CHECK_EQUAL(t.px, r[0]);
      CAF_CHECK_EQUAL(t.py, r[1]);
      CAF_CHECK_EQUAL(t.pz, r[2]);
    }
  }
  // Dips 0.12 m below standing (0.93 m), never leaves the floor.
  CAF_CHECK_LESS(root_low, 0.83f);
  CAF_CHECK_LESS(root_high, 0.95f);
}

CAF_TEST(the dancer moves with the magnitudes of a real body) {
  // Two repetitions of the 16 s pattern, through the wire and the real
  // motion feature extractor (70 kg, Winter's segment masses).
  const auto results = motion_over(32.0);
  CAF_REQUIRE_EQUAL(results.size(), 1600u);
  std::vector<float> energy;
  std::vector<float> flex;
  std::vector<float> hand;
  std::vector<float> root_height;
  std::vector<float> head_height;
  for (std::size_t i = 1; i < results.size(); ++i) {
    const auto& r = results[i];
    CAF_CHECK(r.accepted);
    energy.push_back(r.kinetic_energy_j);
    flex.push_back(r.chest_flex_deg);
    hand.push_back(r.right_hand_above_root_m);
    root_height.push_back(r.pose.position[features::root].y - r.floor_height_m);
    head_height.push_back(r.pose.position[features::head].y - r.floor_height_m);
  }
  const auto e = percentiles(energy);
  const auto f = percentiles(flex);
  const auto h = percentiles(hand);
  const auto root = percentiles(root_height);
  const auto head = percentiles(head_height);
  CAF_MESSAGE("motion.energy_j p5 " << e.p5 << " p50 " << e.p50 << " p95 " << e.p95 << " max "
                                    << e.max);
  CAF_MESSAGE("motion.chest_flex_deg p5 " << f.p5 << " p50 " << f.p50 << " p95 " << f.p95);
  CAF_MESSAGE("motion.right_hand_above_root_m p5 " << h.p5 << " p50 " << h.p50 << " p95 " << h.p95
                                                   << " max " << h.max);
  CAF_MESSAGE("root above floor p50 " << root.p50 << " m, head above floor p50 " << head.p50
                                      << " m");
  // A person standing reads ~0.005 J, an arm raise up to ~1.4 J.
  CAF_CHECK_LESS(e.p5, 0.02f);
  CAF_CHECK_LESS(e.p50, 1.0f);
  CAF_CHECK_GREATER(e.p95, 0.5f);
  CAF_CHECK_LESS(e.p95, 2.5f);
  CAF_CHECK_LESS(e.max, 4.0f);
  // ~23° forward in a neutral stance, 12.6° straightened.
  CAF_CHECK_GREATER(f.p50, 15.f);
  CAF_CHECK_LESS(f.p50, 30.f);
  CAF_CHECK_GREATER(f.p5, 8.f);
  CAF_CHECK_LESS(f.p95, 40.f);
  // Wrists about level with the root at rest, raised about half a metre.
  CAF_CHECK_LESS(std::abs(h.p50 - -0.03f), 0.08f);
  CAF_CHECK_GREATER(h.max - h.p5, 0.4f);
  CAF_CHECK_LESS(h.max - h.p5, 0.7f);
  // Root 0.93 m and head ~1.55 m above the floor.
  CAF_CHECK_LESS(std::abs(root.p50 - 0.93f), 0.04f);
  CAF_CHECK_LESS(std::abs(head.p50 - 1.55f), 0.08f);
}

CAF_TEST(stillness in the still bars and never a jump) {
  const auto results = motion_over(16.0);
  bool still_at_1_5s = false;
  bool still_in_groove = false;
  bool still_at_15_5s = false;
  for (const auto& r : results) {
    const double t = r.timestamp_us * 1e-6;
    if (std::abs(t - 1.5) < 0.01)
      still_at_1_5s = r.stillness.still;
    if (t > 4.5 && t < 5.5)
      still_in_groove = still_in_groove || r.stillness.still;
    if (std::abs(t - 15.5) < 0.01)
      still_at_15_5s = r.stillness.still;
  }
  CAF_CHECK(still_at_1_5s);
  CAF_CHECK(!still_in_groove);
  CAF_CHECK(still_at_15_5s);
  CAF_CHECK_EQUAL(results.back().jump.jump_count, 0u);
}

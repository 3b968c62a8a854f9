#define CAF_SUITE sim.mocopi
#include <caf/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <variant>

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

struct range {
  float low = 1e9f;
  float high = -1e9f;
  void add(float v) {
    low = std::min(low, v);
    high = std::max(high, v);
  }
  float span() const { return high - low; }
};

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
  // Crouches to 0.12 m below and jumps to 0.3 m above standing (0.95 m).
  CAF_CHECK_LESS(root_low, 0.85f);
  CAF_CHECK_GREATER(root_high, 1.2f);
}

CAF_TEST(chest flex and hand heights vary over a bar) {
  const auto results = motion_over(2.0); // bar 0: groove
  CAF_REQUIRE_EQUAL(results.size(), 100u);
  range flex;
  range left;
  range right;
  for (const auto& r : results) {
    CAF_CHECK(r.accepted);
    flex.add(r.chest_flex_deg);
    left.add(r.left_hand_above_root_m);
    right.add(r.right_hand_above_root_m);
  }
  CAF_MESSAGE("chest flex " << flex.low << ".." << flex.high << " deg, left hand " << left.low
                            << ".." << left.high << " m, right hand " << right.low << ".."
                            << right.high << " m");
  CAF_CHECK_GREATER(flex.span(), 25.f);
  CAF_CHECK_GREATER(flex.high, 10.f);
  CAF_CHECK_LESS(flex.low, -10.f);
  CAF_CHECK_GREATER(left.span(), 0.6f);
  CAF_CHECK_GREATER(right.span(), 0.6f);
  CAF_CHECK_GREATER(left.high, 0.5f); // above the head: root to crown is ~0.8 m
}

CAF_TEST(jumps happen in the jump bars and stillness in the still bars) {
  const auto results = motion_over(16.0);
  std::uint32_t jumps_by_8s = 0;
  std::uint32_t jumps_by_12s = 0;
  bool still_in_groove = false;
  bool still_at_14s = false;
  for (const auto& r : results) {
    const double t = r.timestamp_us * 1e-6;
    if (t < 8.0)
      jumps_by_8s = r.jump.jump_count;
    if (t < 12.0)
      jumps_by_12s = r.jump.jump_count;
    if (t > 1.0 && t < 11.5)
      still_in_groove = still_in_groove || r.stillness.still;
    if (std::abs(t - 14.0) < 0.01)
      still_at_14s = r.stillness.still;
  }
  CAF_CHECK_EQUAL(jumps_by_8s, 1u);
  CAF_CHECK_EQUAL(jumps_by_12s, 2u);
  CAF_CHECK_EQUAL(results.back().jump.jump_count, 2u);
  CAF_CHECK(!still_in_groove);
  CAF_CHECK(still_at_14s);
}

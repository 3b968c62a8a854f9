#define CAF_SUITE net.mocopi_stream
#include <caf/test/unit_test.hpp>

#include <optional>
#include <vector>

#include "net/mocopi_encoder.hpp"
#include "net/mocopi_stream.hpp"

using namespace lume::net;

namespace {

using bytes = std::vector<std::uint8_t>;

bytes skeleton(std::size_t bones = 27) {
  mocopi_skeleton s;
  s.sender = mocopi_sender{};
  s.bone_count = bones;
  for (std::size_t i = 0; i < bones; ++i) {
    s.bones[i].id = static_cast<std::uint16_t>(i);
    s.bones[i].parent_id = i == 0 ? mocopi_no_parent : static_cast<std::uint16_t>(i - 1);
  }
  bytes out(mocopi_skeleton_datagram_size(s));
  encode_mocopi_skeleton(s, out.data(), out.size());
  return out;
}

/// A frame of `bones` bones numbered `number`, at 60 Hz since the session
/// started, optionally with `uttm` starting at `unix_start`.
bytes frame(std::uint32_t number, std::optional<double> unix_start = 1.7e9,
            std::size_t bones = 27, std::uint32_t session_start = 0) {
  mocopi_frame f;
  f.sender = mocopi_sender{};
  f.frame_number = number;
  f.time_s = static_cast<float>(number - session_start) / 60.0f;
  if (unix_start)
    f.unix_time_s = *unix_start + f.time_s;
  f.bone_count = bones;
  for (std::size_t i = 0; i < bones; ++i)
    f.bones[i].id = static_cast<std::uint16_t>(i);
  bytes out(mocopi_frame_datagram_size(f));
  encode_mocopi_frame(f, out.data(), out.size());
  return out;
}

mocopi_event push(mocopi_stream& s, const bytes& d) {
  return s.push(d.data(), d.size());
}

} // namespace

CAF_TEST(frames wait for a skeleton) {
  mocopi_stream stream;
  auto e = push(stream, frame(1));
  CAF_CHECK(e.kind == mocopi_event_kind::refused);
  CAF_CHECK_EQUAL(std::string{to_string(e.refusal)}, "no_skeleton");
  e = push(stream, skeleton());
  CAF_CHECK(e.kind == mocopi_event_kind::skeleton);
  CAF_REQUIRE(stream.rig() != nullptr);
  CAF_CHECK_EQUAL(stream.rig()->bone_count, 27u);
  e = push(stream, frame(2));
  CAF_REQUIRE(e.kind == mocopi_event_kind::frame);
  CAF_CHECK_EQUAL(e.frame->frame_number, 2u);
  CAF_CHECK_EQUAL(e.lost_before, 0u);
  CAF_CHECK_EQUAL(stream.counters().frames, 1u);
  CAF_CHECK_EQUAL(stream.counters().no_skeleton, 1u);
}

CAF_TEST(gaps in frame numbers count as lost frames) {
  mocopi_stream stream;
  push(stream, skeleton());
  push(stream, frame(10));
  push(stream, frame(11));
  const auto e = push(stream, frame(15));
  CAF_CHECK(e.kind == mocopi_event_kind::frame);
  CAF_CHECK_EQUAL(e.lost_before, 3u);
  push(stream, frame(17));
  CAF_CHECK_EQUAL(stream.counters().lost_frames, 4u);
  CAF_CHECK_EQUAL(stream.counters().frames, 4u);
}

CAF_TEST(duplicates and late packets are refused without disturbing the count) {
  mocopi_stream stream;
  push(stream, skeleton());
  push(stream, frame(10));
  push(stream, frame(12));
  CAF_CHECK_EQUAL(std::string{to_string(push(stream, frame(12)).refusal)}, "duplicate_frame");
  CAF_CHECK_EQUAL(std::string{to_string(push(stream, frame(11)).refusal)}, "stale_frame");
  CAF_CHECK_EQUAL(push(stream, frame(13)).lost_before, 0u);
  const auto& c = stream.counters();
  CAF_CHECK_EQUAL(c.lost_frames, 1u);
  CAF_CHECK_EQUAL(c.duplicate_frame, 1u);
  CAF_CHECK_EQUAL(c.stale_frame, 1u);
  CAF_CHECK_EQUAL(c.session_restarts, 0u);
  CAF_CHECK(stream.rig() != nullptr);
}

CAF_TEST(a counter going back while uttm advances restarts the session and drops the rig) {
  mocopi_stream stream;
  push(stream, skeleton());
  push(stream, frame(5000));
  auto e = push(stream, frame(1, 1.8e9, 27, 1));
  CAF_CHECK(e.session_restarted);
  CAF_CHECK_EQUAL(std::string{to_string(e.refusal)}, "no_skeleton");
  CAF_CHECK(stream.rig() == nullptr);
  push(stream, skeleton());
  e = push(stream, frame(2, 1.8e9, 27, 1));
  CAF_CHECK(e.kind == mocopi_event_kind::frame);
  CAF_CHECK_EQUAL(stream.counters().session_restarts, 1u);
  CAF_CHECK_EQUAL(stream.counters().lost_frames, 0u);
}

CAF_TEST(without uttm the reorder window tells late packets from restarts) {
  mocopi_stream stream;
  push(stream, skeleton());
  push(stream, frame(100, std::nullopt));
  CAF_CHECK_EQUAL(std::string{to_string(push(stream, frame(97, std::nullopt)).refusal)}, "stale_frame");
  const auto e = push(stream, frame(3, std::nullopt, 27, 3));
  CAF_CHECK(e.session_restarted);
  CAF_CHECK_EQUAL(stream.counters().session_restarts, 1u);
  CAF_CHECK_EQUAL(stream.counters().stale_frame, 1u);
}

CAF_TEST(time going back while the counter advances is a restart) {
  mocopi_stream stream;
  push(stream, skeleton());
  push(stream, frame(100, std::nullopt));
  const auto e = push(stream, frame(101, std::nullopt, 27, 101));
  CAF_CHECK(e.session_restarted);
  CAF_CHECK_EQUAL(stream.counters().lost_frames, 0u);
}

CAF_TEST(frames are checked against the rig) {
  mocopi_stream stream;
  push(stream, skeleton(11));
  auto e = push(stream, frame(1, 1.7e9, 27));
  CAF_CHECK_EQUAL(std::string{to_string(e.refusal)}, "rig_mismatch");
  e = push(stream, frame(2, 1.7e9, 10));
  CAF_CHECK(e.kind == mocopi_event_kind::frame);
  CAF_CHECK(e.incomplete);
  e = push(stream, frame(3, 1.7e9, 11));
  CAF_CHECK(!e.incomplete);
  const auto& c = stream.counters();
  CAF_CHECK_EQUAL(c.rig_mismatch, 1u);
  CAF_CHECK_EQUAL(c.incomplete_frames, 1u);
  CAF_CHECK_EQUAL(c.frames, 2u);
  CAF_CHECK_EQUAL(refusals(c), 1u);
}

CAF_TEST(decoder refusals are counted by reason) {
  mocopi_stream stream;
  const bytes empty;
  const bytes garbage{1, 2, 3, 4, 5, 6, 7, 8, 9};
  push(stream, empty);
  push(stream, garbage);
  const auto& c = stream.counters();
  CAF_CHECK_EQUAL(c.datagrams, 2u);
  CAF_CHECK_EQUAL(c.missing_head, 1u);
  CAF_CHECK_EQUAL(c.chunk_overrun, 1u);
  CAF_CHECK_EQUAL(refusals(c), 2u);
}

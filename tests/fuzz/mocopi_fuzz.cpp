// Fuzz target for mocopi: every datagram of the input goes through the
// stateless decoder and through one mocopi_stream (loss, restarts, rig
// checks). Round trip asserted: whatever decodes re-encodes with the mocopi
// encoder into a datagram that decodes to the same skeleton or frame.

#include <cstring>
#include <variant>
#include <vector>

#include "net/mocopi_chunks.hpp"
#include "net/mocopi_decoder.hpp"
#include "net/mocopi_encoder.hpp"
#include "net/mocopi_stream.hpp"
#include "tests/fuzz/datagram_records.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume::net;

bool same_bits(const mocopi_transform& a, const mocopi_transform& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bool same_sender(const std::optional<mocopi_sender>& a, const std::optional<mocopi_sender>& b) {
  if (a.has_value() != b.has_value())
    return false;
  return !a || (a->ipad == b->ipad && a->receiver_port == b->receiver_port);
}

void check_round_trip(const mocopi_skeleton& skeleton) {
  std::vector<std::uint8_t> out(mocopi_skeleton_datagram_size(skeleton));
  const auto written = encode_mocopi_skeleton(skeleton, out.data(), out.size());
  FUZZ_CHECK(static_cast<bool>(written));
  FUZZ_CHECK(written.size == out.size());
  const auto again = decode_mocopi_datagram(out.data(), written.size);
  const auto* back = std::get_if<mocopi_skeleton>(&again);
  FUZZ_CHECK(back != nullptr);
  FUZZ_CHECK(!back->has_unread_chunks);
  FUZZ_CHECK(same_sender(back->sender, skeleton.sender));
  FUZZ_CHECK(back->bone_count == skeleton.bone_count);
  for (std::size_t i = 0; i < skeleton.bone_count; ++i) {
    FUZZ_CHECK(back->bones[i].id == skeleton.bones[i].id);
    FUZZ_CHECK(back->bones[i].parent_id == skeleton.bones[i].parent_id);
    FUZZ_CHECK(same_bits(back->bones[i].rest, skeleton.bones[i].rest));
  }
}

void check_round_trip(const mocopi_frame& frame) {
  std::vector<std::uint8_t> out(mocopi_frame_datagram_size(frame));
  const auto written = encode_mocopi_frame(frame, out.data(), out.size());
  if (frame.bone_count == 0) {
    // Every bone record was unusable: nothing the encoder may write.
    FUZZ_CHECK(!written);
    return;
  }
  FUZZ_CHECK(static_cast<bool>(written));
  FUZZ_CHECK(written.size == out.size());
  const auto again = decode_mocopi_datagram(out.data(), written.size);
  const auto* back = std::get_if<mocopi_frame>(&again);
  FUZZ_CHECK(back != nullptr);
  FUZZ_CHECK(!back->has_unread_chunks);
  FUZZ_CHECK(back->unusable_bones == 0);
  FUZZ_CHECK(same_sender(back->sender, frame.sender));
  FUZZ_CHECK(back->frame_number == frame.frame_number);
  FUZZ_CHECK(std::memcmp(&back->time_s, &frame.time_s, sizeof frame.time_s) == 0);
  FUZZ_CHECK(back->unix_time_s.has_value() == frame.unix_time_s.has_value());
  FUZZ_CHECK(!frame.unix_time_s
             || std::memcmp(&*back->unix_time_s, &*frame.unix_time_s, sizeof(double)) == 0);
  FUZZ_CHECK(back->timecode == frame.timecode);
  FUZZ_CHECK(back->bone_count == frame.bone_count);
  for (std::size_t i = 0; i < frame.bone_count; ++i) {
    FUZZ_CHECK(back->bones[i].id == frame.bones[i].id);
    FUZZ_CHECK(same_bits(back->bones[i].transform, frame.bones[i].transform));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mocopi_stream stream;
  std::uint64_t refused = 0;
  for (const auto& datagram : lume::fuzz::split_records(data, size)) {
    const auto kind = classify_mocopi_datagram(datagram.data, datagram.size);
    const auto decoded = decode_mocopi_datagram(datagram.data, datagram.size);
    if (const auto* skeleton = std::get_if<mocopi_skeleton>(&decoded)) {
      FUZZ_CHECK(kind == mocopi_datagram_kind::skeleton);
      FUZZ_CHECK(skeleton->bone_count >= 1 && skeleton->bone_count <= mocopi_max_bones);
      check_round_trip(*skeleton);
    } else if (const auto* frame = std::get_if<mocopi_frame>(&decoded)) {
      FUZZ_CHECK(kind == mocopi_datagram_kind::frame);
      FUZZ_CHECK(frame->bone_count + frame->unusable_bones >= 1);
      FUZZ_CHECK(frame->bone_count + frame->unusable_bones <= mocopi_max_bones);
      check_round_trip(*frame);
    }
    const auto event = stream.push(datagram.data, datagram.size);
    if (event.kind == mocopi_event_kind::refused)
      ++refused;
    if (event.kind == mocopi_event_kind::frame) {
      FUZZ_CHECK(event.frame != nullptr);
      FUZZ_CHECK(stream.rig() != nullptr);
    }
    if (event.kind == mocopi_event_kind::skeleton)
      FUZZ_CHECK(event.skeleton != nullptr && event.skeleton == stream.rig());
  }
  FUZZ_CHECK(refusals(stream.counters()) == refused);
  return 0;
}

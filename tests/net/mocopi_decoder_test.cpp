#define CAF_SUITE net.mocopi_decoder
#include <caf/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "mocopi_bytes.hpp"
#include "net/mocopi_chunks.hpp"
#include "net/mocopi_decoder.hpp"
#include "testdata.hpp"

using namespace lume::net;
using namespace lume::net::test;

namespace {

std::string outcome_of(const bytes& d) {
  const auto decoded = decode_mocopi_datagram(d.data(), d.size());
  if (const auto* r = std::get_if<mocopi_refusal>(&decoded))
    return to_string(*r);
  return std::holds_alternative<mocopi_skeleton>(decoded) ? "skeleton" : "frame";
}

bytes bone_records(std::uint16_t count) {
  bytes out;
  for (std::uint16_t i = 0; i < count; ++i) {
    const auto b = bone_pose(i);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

} // namespace

CAF_TEST(the t-34400 skeleton sample decodes to the 27-bone rig) {
  const auto dir = mocopi_dir();
  if (!dir)
    return;
  const auto d = read_binary(*dir + "/t-34400/sample_skdf.bin");
  CAF_REQUIRE(d.has_value());
  CAF_CHECK_EQUAL(d->size(), mocopi_skeleton_size_27);
  const auto decoded = decode_mocopi_datagram(d->data(), d->size());
  CAF_REQUIRE(std::holds_alternative<mocopi_skeleton>(decoded));
  const auto& s = std::get<mocopi_skeleton>(decoded);
  CAF_REQUIRE_EQUAL(s.bone_count, 27u);
  CAF_CHECK_EQUAL(s.bones[0].id, 0);
  CAF_CHECK_EQUAL(s.bones[0].parent_id, mocopi_no_parent);
  for (std::size_t i = 1; i < s.bone_count; ++i) {
    CAF_CHECK_EQUAL(s.bones[i].id, i);
    CAF_CHECK_LESS(s.bones[i].parent_id, s.bones[i].id);
  }
  CAF_REQUIRE(s.sender.has_value());
  CAF_CHECK_EQUAL(s.sender->receiver_port, mocopi_port);
  CAF_CHECK(!s.has_unread_chunks);
}

CAF_TEST(the t-34400 frame sample is an older app frame with uttm and no tmcd) {
  const auto dir = mocopi_dir();
  if (!dir)
    return;
  const auto d = read_binary(*dir + "/t-34400/sample_fram.bin");
  CAF_REQUIRE(d.has_value());
  CAF_CHECK_EQUAL(d->size(), mocopi_frame_size_27_uttm_only);
  const auto decoded = decode_mocopi_datagram(d->data(), d->size());
  CAF_REQUIRE(std::holds_alternative<mocopi_frame>(decoded));
  const auto& f = std::get<mocopi_frame>(decoded);
  CAF_CHECK_EQUAL(f.frame_number, 1u);
  CAF_CHECK_EQUAL(f.time_s, 0.0f);
  CAF_REQUIRE(f.unix_time_s.has_value());
  CAF_CHECK_GREATER(*f.unix_time_s, 1.7e9);
  CAF_CHECK(!f.timecode.has_value());
  CAF_CHECK_EQUAL(f.bone_count, 27u);
  CAF_CHECK_EQUAL(f.unusable_bones, 0u);
}

CAF_TEST(hand-built frames decode with their bones in wire order) {
  const auto d = frame_datagram(77, join({bone_pose(3, 0.5f), bone_pose(1)}));
  const auto decoded = decode_mocopi_datagram(d.data(), d.size());
  CAF_REQUIRE(std::holds_alternative<mocopi_frame>(decoded));
  const auto& f = std::get<mocopi_frame>(decoded);
  CAF_CHECK_EQUAL(f.frame_number, 77u);
  CAF_CHECK(!f.sender.has_value());
  CAF_REQUIRE_EQUAL(f.bone_count, 2u);
  CAF_CHECK_EQUAL(f.bones[0].id, 3);
  CAF_CHECK_EQUAL(f.bones[0].transform.py, 0.5f);
  CAF_CHECK_EQUAL(f.bones[1].id, 1);
}

CAF_TEST(unusable bone records are left out of a frame and counted) {
  const bytes nan_bone
    = chunk("btdt", join({chunk("bnid", u16_bytes(2)),
                          chunk("tran", f32_bytes({0, 0, 0, 1, std::nanf(""), 0, 0}))}));
  const bytes zero_rotation = chunk(
    "btdt", join({chunk("bnid", u16_bytes(3)), chunk("tran", f32_bytes({0, 0, 0, 0, 0, 0, 0}))}));
  const auto d = frame_datagram(1, join({bone_pose(1), nan_bone, zero_rotation}));
  const auto decoded = decode_mocopi_datagram(d.data(), d.size());
  CAF_REQUIRE(std::holds_alternative<mocopi_frame>(decoded));
  const auto& f = std::get<mocopi_frame>(decoded);
  CAF_CHECK_EQUAL(f.bone_count, 1u);
  CAF_CHECK_EQUAL(f.unusable_bones, 2u);
}

CAF_TEST(unknown chunks are skipped and flagged) {
  const bytes extended = chunk(
    "btdt", join({chunk("bnid", u16_bytes(0)), chunk("tran", f32_bytes({0, 0, 0, 1, 0, 0, 0})),
                  chunk("conf", f32_bytes({0.5f}))}));
  const auto d = join({frame_datagram(1, extended), chunk("zzzz", {})});
  const auto decoded = decode_mocopi_datagram(d.data(), d.size());
  CAF_REQUIRE(std::holds_alternative<mocopi_frame>(decoded));
  CAF_CHECK(std::get<mocopi_frame>(decoded).has_unread_chunks);
}

CAF_TEST(structural defects of frames are refused with their reason) {
  CAF_CHECK_EQUAL(outcome_of(frame_datagram(1, bone_records(27))), "frame");
  CAF_CHECK_EQUAL(outcome_of(frame_datagram(1, bone_records(28))), "too_many_bones");
  CAF_CHECK_EQUAL(outcome_of(frame_datagram(1, {})), "no_bones");
  CAF_CHECK_EQUAL(outcome_of(frame_datagram(1, join({bone_pose(4), bone_pose(4)}))),
                  "duplicate_bone");
  CAF_CHECK_EQUAL(outcome_of(frame_datagram(1, join({bone_pose(0), bytes{1, 2, 3}}))),
                  "truncated_chunk_header");
  const bytes no_tran = chunk("btdt", chunk("bnid", u16_bytes(0)));
  CAF_CHECK_EQUAL(outcome_of(frame_datagram(1, no_tran)), "missing_field");
  const auto no_btrs
    = join({head_chunk(), chunk("fram", join({chunk("fnum", u32_bytes(1)),
                                              chunk("time", f32_bytes({0}))}))});
  CAF_CHECK_EQUAL(outcome_of(no_btrs), "missing_field");
  auto overrun = frame_datagram(1, bone_pose(0));
  store_u32(overrun.data() + 43 + 8, 5000); // fnum's length, inside fram
  CAF_CHECK_EQUAL(outcome_of(overrun), "chunk_overrun");
  const auto infinite_time
    = join({head_chunk(),
            chunk("fram", join({chunk("fnum", u32_bytes(1)),
                                chunk("time", f32_bytes({std::numeric_limits<float>::infinity()})),
                                chunk("btrs", bone_pose(0))}))});
  CAF_CHECK_EQUAL(outcome_of(infinite_time), "bad_clock");
}

CAF_TEST(structural defects of skeletons are refused with their reason) {
  CAF_CHECK_EQUAL(outcome_of(skeleton_datagram(join({rest_bone(0, 0xFFFF), rest_bone(1, 0)}))),
                  "skeleton");
  CAF_CHECK_EQUAL(outcome_of(skeleton_datagram({})), "no_bones");
  CAF_CHECK_EQUAL(outcome_of(skeleton_datagram(join({rest_bone(0, 0xFFFF), rest_bone(1, 9)}))),
                  "bad_hierarchy");
  CAF_CHECK_EQUAL(outcome_of(skeleton_datagram(join({rest_bone(0, 0xFFFF), rest_bone(1, 1)}))),
                  "bad_hierarchy");
  CAF_CHECK_EQUAL(outcome_of(skeleton_datagram(join({rest_bone(0, 0xFFFF), rest_bone(0, 0xFFFF)}))),
                  "duplicate_bone");
  bytes many;
  for (std::uint16_t i = 0; i < 28; ++i) {
    const auto b = rest_bone(i, i == 0 ? 0xFFFF : i - 1);
    many.insert(many.end(), b.begin(), b.end());
  }
  CAF_CHECK_EQUAL(outcome_of(skeleton_datagram(many)), "too_many_bones");
  const auto no_bons = join({head_chunk(), chunk("skdf", {})});
  CAF_CHECK_EQUAL(outcome_of(no_bons), "missing_field");
}

CAF_TEST(every truncation of real datagrams is refused without reading past the end) {
  const auto dir = mocopi_dir();
  if (!dir)
    return;
  for (const char* name : {"/t-34400/sample_skdf.bin", "/t-34400/sample_fram.bin"}) {
    const auto d = read_binary(*dir + name);
    CAF_REQUIRE(d.has_value());
    std::size_t refused = 0;
    for (std::size_t n = 0; n < d->size(); ++n) {
      // A heap copy of exactly n bytes, so a sanitiser catches any overread.
      const bytes prefix(d->begin(), d->begin() + static_cast<std::ptrdiff_t>(n));
      refused += std::holds_alternative<mocopi_refusal>(
        decode_mocopi_datagram(prefix.data(), prefix.size()));
    }
    CAF_CHECK_EQUAL(refused, d->size());
  }
}

CAF_TEST(datagrams are classified by their top-level chunks) {
  const auto frame = frame_datagram(1, bone_pose(0));
  const auto skeleton = skeleton_datagram(rest_bone(0, 0xFFFF));
  CAF_CHECK(classify_mocopi_datagram(frame.data(), frame.size()) == mocopi_datagram_kind::frame);
  CAF_CHECK(classify_mocopi_datagram(skeleton.data(), skeleton.size())
            == mocopi_datagram_kind::skeleton);
  const auto both = join({frame, chunk("skdf", {})});
  CAF_CHECK(classify_mocopi_datagram(both.data(), both.size()) == mocopi_datagram_kind::both);
  const auto head = head_chunk();
  CAF_CHECK(classify_mocopi_datagram(head.data(), head.size()) == mocopi_datagram_kind::neither);
  CAF_CHECK(classify_mocopi_datagram(head.data(), head.size() - 1)
            == mocopi_datagram_kind::unwalkable);
}

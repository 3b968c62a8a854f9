#define CAF_SUITE net.mocopi_encoder
#include <caf/test/unit_test.hpp>

#include <filesystem>

#include "capture_reader.hpp"
#include "net/mocopi_decoder.hpp"
#include "net/mocopi_encoder.hpp"
#include "testdata.hpp"

using namespace lume::net;
using namespace lume::net::test;

namespace {

using bytes = std::vector<std::uint8_t>;

mocopi_frame sample_frame() {
  mocopi_frame f;
  f.sender = mocopi_sender{{1, 2, 3, 4, 5, 6, 7, 8}, mocopi_port};
  f.frame_number = 12345;
  f.time_s = 205.75f;
  f.unix_time_s = 1786492800.25;
  f.timecode = std::array<std::uint8_t, 6>{1, 2, 3, 4, 5, 6};
  f.bone_count = 27;
  for (std::uint16_t i = 0; i < 27; ++i) {
    f.bones[i].id = i;
    f.bones[i].transform = {0.1f * i, -0.2f, 0.3f, 0.9f, 0.01f * i, 1.0f, -0.5f};
  }
  return f;
}

mocopi_skeleton sample_skeleton() {
  mocopi_skeleton s;
  s.sender = mocopi_sender{};
  s.bone_count = 27;
  for (std::uint16_t i = 0; i < 27; ++i) {
    s.bones[i].id = i;
    s.bones[i].parent_id = i == 0 ? mocopi_no_parent : static_cast<std::uint16_t>(i - 1);
    s.bones[i].rest.py = 0.05f * i;
  }
  return s;
}

/// Decodes `d` and encodes the result again; empty if it does not decode.
bytes reencode(const bytes& d) {
  const auto decoded = decode_mocopi_datagram(d.data(), d.size());
  bytes out(2048);
  encode_result written;
  if (const auto* s = std::get_if<mocopi_skeleton>(&decoded))
    written = encode_mocopi_skeleton(*s, out.data(), out.size());
  else if (const auto* f = std::get_if<mocopi_frame>(&decoded))
    written = encode_mocopi_frame(*f, out.data(), out.size());
  out.resize(written.size);
  return out;
}

} // namespace

CAF_TEST(encoded sizes match the app for every clock variant) {
  auto f = sample_frame();
  CAF_CHECK_EQUAL(mocopi_frame_datagram_size(f), mocopi_frame_size_27);
  f.timecode.reset();
  CAF_CHECK_EQUAL(mocopi_frame_datagram_size(f), mocopi_frame_size_27_uttm_only);
  f.unix_time_s.reset();
  CAF_CHECK_EQUAL(mocopi_frame_datagram_size(f), mocopi_frame_size_27_no_clock);
  CAF_CHECK_EQUAL(mocopi_skeleton_datagram_size(sample_skeleton()), mocopi_skeleton_size_27);
  bytes out(2048);
  CAF_CHECK_EQUAL(encode_mocopi_frame(sample_frame(), out.data(), out.size()).size, 1605u);
  CAF_CHECK_EQUAL(encode_mocopi_frame(f, out.data(), out.size()).size, 1575u);
  CAF_CHECK_EQUAL(encode_mocopi_skeleton(sample_skeleton(), out.data(), out.size()).size, 1821u);
}

CAF_TEST(older app frames without tmcd or uttm decode) {
  auto f = sample_frame();
  f.timecode.reset();
  bytes out(mocopi_frame_datagram_size(f));
  CAF_REQUIRE(encode_mocopi_frame(f, out.data(), out.size()));
  auto decoded = decode_mocopi_datagram(out.data(), out.size());
  CAF_REQUIRE(std::holds_alternative<mocopi_frame>(decoded));
  CAF_CHECK(std::get<mocopi_frame>(decoded).unix_time_s.has_value());
  CAF_CHECK(!std::get<mocopi_frame>(decoded).timecode.has_value());
  f.unix_time_s.reset();
  out.resize(mocopi_frame_datagram_size(f));
  CAF_REQUIRE_EQUAL(out.size(), 1575u);
  CAF_REQUIRE(encode_mocopi_frame(f, out.data(), out.size()));
  decoded = decode_mocopi_datagram(out.data(), out.size());
  CAF_REQUIRE(std::holds_alternative<mocopi_frame>(decoded));
  CAF_CHECK(!std::get<mocopi_frame>(decoded).unix_time_s.has_value());
  CAF_CHECK_EQUAL(std::get<mocopi_frame>(decoded).bone_count, 27u);
}

CAF_TEST(frames round trip through encoder and decoder) {
  const auto f = sample_frame();
  bytes out(mocopi_frame_datagram_size(f));
  CAF_REQUIRE(encode_mocopi_frame(f, out.data(), out.size()));
  const auto decoded = decode_mocopi_datagram(out.data(), out.size());
  CAF_REQUIRE(std::holds_alternative<mocopi_frame>(decoded));
  const auto& g = std::get<mocopi_frame>(decoded);
  CAF_CHECK_EQUAL(g.frame_number, f.frame_number);
  CAF_CHECK_EQUAL(g.time_s, f.time_s);
  CAF_CHECK_EQUAL(*g.unix_time_s, *f.unix_time_s);
  CAF_CHECK(*g.timecode == *f.timecode);
  CAF_CHECK(g.sender->ipad == f.sender->ipad);
  CAF_REQUIRE_EQUAL(g.bone_count, 27u);
  CAF_CHECK_EQUAL(g.bones[26].id, 26);
  CAF_CHECK_EQUAL(g.bones[26].transform.rx, f.bones[26].transform.rx);
  CAF_CHECK_EQUAL(g.bones[26].transform.px, f.bones[26].transform.px);
  CAF_CHECK_EQUAL(g.bones[26].transform.pz, -0.5f);
}

CAF_TEST(skeletons round trip through encoder and decoder) {
  const auto s = sample_skeleton();
  bytes out(mocopi_skeleton_datagram_size(s));
  CAF_REQUIRE(encode_mocopi_skeleton(s, out.data(), out.size()));
  const auto decoded = decode_mocopi_datagram(out.data(), out.size());
  CAF_REQUIRE(std::holds_alternative<mocopi_skeleton>(decoded));
  const auto& t = std::get<mocopi_skeleton>(decoded);
  CAF_REQUIRE_EQUAL(t.bone_count, 27u);
  CAF_CHECK_EQUAL(t.bones[0].parent_id, mocopi_no_parent);
  CAF_CHECK_EQUAL(t.bones[13].parent_id, 12);
  CAF_CHECK_EQUAL(t.bones[13].rest.py, s.bones[13].rest.py);
}

CAF_TEST(the encoder reproduces the t-34400 samples byte for byte) {
  const auto dir = mocopi_dir();
  if (!dir)
    return;
  for (const char* name : {"/t-34400/sample_skdf.bin", "/t-34400/sample_fram.bin"}) {
    const auto d = read_binary(*dir + name);
    CAF_REQUIRE(d.has_value());
    CAF_CHECK(reencode(*d) == *d);
  }
}

CAF_TEST(the encoder reproduces every clean datagram of the capture corpus) {
  const auto dir = mocopi_dir();
  if (!dir)
    return;
  std::size_t reproduced = 0;
  for (const auto& entry : std::filesystem::directory_iterator{*dir + "/animu-sphere"}) {
    if (entry.path().extension() != ".mocopipackets")
      continue;
    const auto text = read_text(entry.path().string());
    CAF_REQUIRE(text.has_value());
    const auto parsed = parse_capture(*text);
    CAF_REQUIRE(std::holds_alternative<capture>(parsed));
    for (const auto& datagram : std::get<capture>(parsed).datagrams) {
      const auto decoded = decode_mocopi_datagram(datagram.bytes.data(), datagram.bytes.size());
      const auto* f = std::get_if<mocopi_frame>(&decoded);
      const auto* s = std::get_if<mocopi_skeleton>(&decoded);
      const bool clean = (f && !f->has_unread_chunks && f->unusable_bones == 0)
                         || (s && !s->has_unread_chunks);
      if (!clean)
        continue;
      CAF_CHECK(reencode(datagram.bytes) == datagram.bytes);
      ++reproduced;
    }
  }
  // 33 = every skeleton and every frame that decodes with nothing left out or skipped.
  CAF_CHECK_EQUAL(reproduced, 33u);
}

CAF_TEST(encoders refuse unusable input) {
  bytes out(2048);
  auto f = sample_frame();
  CAF_CHECK(encode_mocopi_frame(f, out.data(), 1604).error == encode_error::buffer_too_small);
  f.bone_count = 0;
  CAF_CHECK(encode_mocopi_frame(f, out.data(), out.size()).error == encode_error::invalid_input);
  auto s = sample_skeleton();
  CAF_CHECK(encode_mocopi_skeleton(s, out.data(), 1820).error == encode_error::buffer_too_small);
  s.bone_count = 28;
  CAF_CHECK(encode_mocopi_skeleton(s, out.data(), out.size()).error
            == encode_error::invalid_input);
}

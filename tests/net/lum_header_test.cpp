#define CAF_SUITE net.lum_header
#include <caf/test/unit_test.hpp>

#include <cstring>
#include <vector>

#include "net/lum_header.hpp"

using namespace lume::net;

namespace {

lum_header sample_header() {
  lum_header h;
  h.kind = lum_kind::audio;
  h.stream_id = 7;
  h.sequence = 0x01020304;
  h.frame_length = 10;
  h.origin_time_us = -2;
  h.fragment_count = 4;
  h.fragment_index = 2;
  h.payload_length = 2;
  return h;
}

std::vector<std::uint8_t> datagram_of(const lum_header& h) {
  std::vector<std::uint8_t> d(lum_header_size + h.payload_length, 0xAB);
  write_lum_header(h, d.data());
  return d;
}

std::string refusal_of(const std::vector<std::uint8_t>& d) {
  auto parsed = parse_lum_header(d.data(), d.size());
  if (auto* r = std::get_if<lum_refusal>(&parsed))
    return to_string(*r);
  return "accepted";
}

} // namespace

CAF_TEST(header bytes follow the documented layout) {
  const auto d = datagram_of(sample_header());
  CAF_REQUIRE_EQUAL(d.size(), 30u);
  CAF_CHECK(std::memcmp(d.data(), "LUMF", 4) == 0);
  CAF_CHECK_EQUAL(d[4], lum_version);
  CAF_CHECK_EQUAL(d[5], 7);
  CAF_CHECK_EQUAL(d[6], 2); // payload_length, little-endian
  CAF_CHECK_EQUAL(d[7], 0);
  CAF_CHECK_EQUAL(d[8], 0x04); // sequence, little-endian
  CAF_CHECK_EQUAL(d[11], 0x01);
  CAF_CHECK_EQUAL(d[12], 10); // frame_length
  CAF_CHECK_EQUAL(d[16], 0xFE); // origin time -2, two's complement
  CAF_CHECK_EQUAL(d[23], 0xFF);
  CAF_CHECK_EQUAL(d[24], 2); // fragment_index
  CAF_CHECK_EQUAL(d[26], 4); // fragment_count
}

CAF_TEST(header round trips) {
  const auto d = datagram_of(sample_header());
  auto parsed = parse_lum_header(d.data(), d.size());
  CAF_REQUIRE(std::holds_alternative<lum_header>(parsed));
  const auto& h = std::get<lum_header>(parsed);
  CAF_CHECK(h.kind == lum_kind::audio);
  CAF_CHECK_EQUAL(h.stream_id, 7);
  CAF_CHECK_EQUAL(h.sequence, 0x01020304u);
  CAF_CHECK_EQUAL(h.frame_length, 10u);
  CAF_CHECK_EQUAL(h.origin_time_us, -2);
  CAF_CHECK_EQUAL(h.fragment_index, 2);
  CAF_CHECK_EQUAL(h.fragment_count, 4);
  CAF_CHECK_EQUAL(h.payload_length, 2);
}

CAF_TEST(even split gives the first frame_length mod count fragments one byte more) {
  const std::uint32_t expected_offsets[] = {0, 3, 6, 8};
  const std::uint32_t expected_lengths[] = {3, 3, 2, 2};
  for (std::uint16_t i = 0; i < 4; ++i) {
    const auto e = lum_fragment_extent_of(10, 4, i);
    CAF_CHECK_EQUAL(e.offset, expected_offsets[i]);
    CAF_CHECK_EQUAL(e.length, expected_lengths[i]);
  }
}

CAF_TEST(a depth frame splits into MTU-sized fragments that tile it) {
  const std::uint32_t frame = 4 + 640 * 576 * 2;
  const auto count = lum_fragment_count_for(frame, lum_max_fragment_payload);
  CAF_CHECK_EQUAL(count, 511);
  std::uint32_t next = 0;
  for (std::uint16_t i = 0; i < count; ++i) {
    const auto e = lum_fragment_extent_of(frame, count, i);
    CAF_CHECK_EQUAL(e.offset, next);
    CAF_CHECK_LESS_OR_EQUAL(e.length, lum_max_fragment_payload);
    next += e.length;
  }
  CAF_CHECK_EQUAL(next, frame);
  CAF_CHECK_EQUAL(lum_fragment_count_for(0, lum_max_fragment_payload), 1);
  CAF_CHECK_EQUAL(lum_fragment_count_for(65536, 1), 0);
}

CAF_TEST(malformed headers are refused with their reason) {
  auto good = datagram_of(sample_header());
  CAF_CHECK_EQUAL(refusal_of(good), "accepted");

  CAF_CHECK_EQUAL(refusal_of({good.begin(), good.begin() + 27}), "truncated");
  CAF_CHECK_EQUAL(refusal_of({good.begin(), good.end() - 1}), "truncated");
  auto longer = good;
  longer.push_back(0);
  CAF_CHECK_EQUAL(refusal_of(longer), "trailing_bytes");
  auto magic = good;
  magic[3] = 'X';
  CAF_CHECK_EQUAL(refusal_of(magic), "bad_magic");
  auto version = good;
  version[4] = 2;
  CAF_CHECK_EQUAL(refusal_of(version), "bad_version");

  auto h = sample_header();
  h.fragment_count = 0;
  CAF_CHECK_EQUAL(refusal_of(datagram_of(h)), "bad_fragment_count");
  h.fragment_count = 11; // more fragments than the 10 frame bytes
  CAF_CHECK_EQUAL(refusal_of(datagram_of(h)), "bad_fragment_count");
  h = sample_header();
  h.fragment_index = 4;
  CAF_CHECK_EQUAL(refusal_of(datagram_of(h)), "bad_fragment_index");
  h = sample_header();
  h.payload_length = 3; // fragment 2 of 10 bytes in 4 carries 2
  CAF_CHECK_EQUAL(refusal_of(datagram_of(h)), "fragment_size_mismatch");
}

CAF_TEST(magic names each stream kind) {
  CAF_CHECK(lum_magic(lum_kind::depth) == (std::array<char, 4>{'L', 'U', 'M', 'D'}));
  CAF_CHECK(lum_magic(lum_kind::audio) == (std::array<char, 4>{'L', 'U', 'M', 'F'}));
  CAF_CHECK(lum_magic(lum_kind::motion) == (std::array<char, 4>{'L', 'U', 'M', 'M'}));
}

#define CAF_SUITE net.lum_reassembler
#include <caf/test/unit_test.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "net/lum_depth_payload.hpp"
#include "net/lum_fragmenter.hpp"
#include "net/lum_reassembler.hpp"

using namespace lume::net;

namespace {

using datagram = std::vector<std::uint8_t>;

std::vector<datagram> fragments_of(lum_fragmenter& fragmenter, const std::vector<std::uint8_t>& payload,
                                   std::int64_t origin_us = 1000) {
  std::vector<datagram> out;
  auto frame = fragmenter.next_frame(payload.data(), payload.size(), origin_us);
  if (!frame)
    return out;
  for (std::uint16_t i = 0; i < frame->fragment_count(); ++i) {
    datagram d(fragmenter.max_datagram_size());
    const auto written = frame->write_fragment(i, d.data(), d.size());
    d.resize(written.size);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<std::uint8_t> bytes_counting(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = static_cast<std::uint8_t>(i * 31 + 7);
  return v;
}

lum_push_result push(lum_reassembler& r, const datagram& d) {
  return r.push(d.data(), d.size());
}

} // namespace

CAF_TEST(a shuffled 640x576 depth frame reassembles exactly) {
  depth_payload image;
  image.width = 640;
  image.height = 576;
  image.depth_mm.resize(640 * 576);
  for (std::size_t i = 0; i < image.depth_mm.size(); ++i)
    image.depth_mm[i] = static_cast<std::uint16_t>(i % 5000);
  std::vector<std::uint8_t> payload(depth_payload_size(640, 576));
  CAF_REQUIRE(encode_depth_payload(image, payload.data(), payload.size()));

  lum_fragmenter fragmenter{lum_kind::depth, 3};
  auto datagrams = fragments_of(fragmenter, payload, 123456789);
  CAF_REQUIRE_EQUAL(datagrams.size(), 511u);
  for (const auto& d : datagrams)
    CAF_CHECK_LESS_OR_EQUAL(d.size(), lum_max_datagram_size);
  std::shuffle(datagrams.begin(), datagrams.end(), std::mt19937{42});

  lum_reassembler reassembler{lum_kind::depth};
  std::size_t completed = 0;
  depth_payload decoded;
  for (const auto& d : datagrams) {
    const auto result = push(reassembler, d);
    CAF_REQUIRE(result.outcome != lum_push_outcome::refused);
    if (result.outcome == lum_push_outcome::completed) {
      ++completed;
      CAF_CHECK_EQUAL(result.frame.stream_id, 3);
      CAF_CHECK_EQUAL(result.frame.sequence, 0u);
      CAF_CHECK_EQUAL(result.frame.origin_time_us, 123456789);
      CAF_REQUIRE(decode_depth_payload(result.frame.payload, result.frame.size, decoded)
                  == payload_status::ok);
    }
  }
  CAF_CHECK_EQUAL(completed, 1u);
  CAF_CHECK(decoded.depth_mm == image.depth_mm);
  CAF_CHECK_EQUAL(reassembler.counters().fragments_stored, 511u);
  CAF_CHECK_EQUAL(reassembler.counters().frames_completed, 1u);
}

CAF_TEST(a frame with a lost fragment is dropped when a newer frame completes) {
  lum_fragmenter fragmenter{lum_kind::audio};
  auto first = fragments_of(fragmenter, bytes_counting(5000));
  auto second = fragments_of(fragmenter, bytes_counting(5000));
  CAF_REQUIRE_EQUAL(first.size(), 4u);
  lum_reassembler reassembler{lum_kind::audio};
  for (std::size_t i = 0; i + 1 < first.size(); ++i)
    CAF_CHECK(push(reassembler, first[i]).outcome == lum_push_outcome::stored);
  std::size_t completed = 0;
  for (const auto& d : second)
    completed += push(reassembler, d).outcome == lum_push_outcome::completed;
  CAF_CHECK_EQUAL(completed, 1u);
  CAF_CHECK_EQUAL(reassembler.counters().frames_dropped_incomplete, 1u);
  const auto late = push(reassembler, first.back());
  CAF_CHECK(late.outcome == lum_push_outcome::refused);
  CAF_CHECK_EQUAL(std::string{to_string(late.refusal)}, "stale_fragment");
  CAF_CHECK_EQUAL(reassembler.counters().stale_fragment, 1u);
}

CAF_TEST(frames in flight are bounded by evicting the oldest) {
  lum_fragmenter fragmenter{lum_kind::depth};
  lum_reassembly_limits limits;
  limits.frames_in_flight = 2;
  lum_reassembler reassembler{lum_kind::depth, limits};
  std::vector<std::vector<datagram>> frames;
  for (int i = 0; i < 3; ++i)
    frames.push_back(fragments_of(fragmenter, bytes_counting(3000)));
  for (const auto& f : frames)
    push(reassembler, f[0]);
  CAF_CHECK_EQUAL(reassembler.counters().frames_dropped_incomplete, 1u);
  CAF_CHECK_EQUAL(std::string{to_string(push(reassembler, frames[0][1]).refusal)}, "stale_fragment");
  for (std::size_t i = 1; i < frames[2].size(); ++i)
    push(reassembler, frames[2][i]);
  CAF_CHECK_EQUAL(reassembler.counters().frames_completed, 1u);
  // Completing frame 2 gives up frame 1, which is older.
  CAF_CHECK_EQUAL(reassembler.counters().frames_dropped_incomplete, 2u);
}

CAF_TEST(duplicate and foreign and oversize and disagreeing fragments are refused) {
  lum_fragmenter fragmenter{lum_kind::motion};
  auto frame = fragments_of(fragmenter, bytes_counting(3000), 10);
  lum_reassembly_limits limits;
  limits.max_frame_bytes = 4000;
  lum_reassembler reassembler{lum_kind::motion, limits};
  push(reassembler, frame[0]);
  CAF_CHECK_EQUAL(std::string{to_string(push(reassembler, frame[0]).refusal)}, "duplicate_fragment");

  lum_fragmenter other_kind{lum_kind::depth};
  auto depth = fragments_of(other_kind, bytes_counting(10));
  CAF_CHECK_EQUAL(std::string{to_string(push(reassembler, depth[0]).refusal)}, "wrong_kind");

  lum_fragmenter big{lum_kind::motion, 1};
  auto oversize = fragments_of(big, bytes_counting(5000));
  CAF_CHECK_EQUAL(std::string{to_string(push(reassembler, oversize[0]).refusal)}, "frame_too_large");

  auto moved = frame[1];
  moved[16] ^= 1; // origin time differs from fragment 0's
  CAF_CHECK_EQUAL(std::string{to_string(push(reassembler, moved).refusal)}, "frame_header_mismatch");

  datagram garbage(40, 0);
  CAF_CHECK_EQUAL(std::string{to_string(push(reassembler, garbage).refusal)}, "bad_magic");
  const auto& c = reassembler.counters();
  CAF_CHECK_EQUAL(c.duplicate_fragment, 1u);
  CAF_CHECK_EQUAL(c.wrong_kind, 1u);
  CAF_CHECK_EQUAL(c.frame_too_large, 1u);
  CAF_CHECK_EQUAL(c.frame_header_mismatch, 1u);
  CAF_CHECK_EQUAL(c.bad_magic, 1u);
  CAF_CHECK_EQUAL(c.datagrams, 6u);
}

CAF_TEST(interleaved streams reassemble independently) {
  lum_fragmenter a{lum_kind::depth, 1};
  lum_fragmenter b{lum_kind::depth, 2};
  auto fa = fragments_of(a, bytes_counting(4000));
  auto fb = fragments_of(b, bytes_counting(2500));
  lum_reassembler reassembler{lum_kind::depth};
  std::vector<std::uint8_t> streams_done;
  for (std::size_t i = 0; i < std::max(fa.size(), fb.size()); ++i) {
    for (auto* f : {&fa, &fb}) {
      if (i >= f->size())
        continue;
      const auto r = push(reassembler, (*f)[i]);
      if (r.outcome == lum_push_outcome::completed) {
        streams_done.push_back(r.frame.stream_id);
        CAF_CHECK(std::equal(r.frame.payload, r.frame.payload + r.frame.size,
                             bytes_counting(r.frame.size).begin()));
      }
    }
  }
  CAF_CHECK(streams_done == (std::vector<std::uint8_t>{2, 1}));
  CAF_CHECK_EQUAL(reassembler.counters().frames_dropped_incomplete, 0u);
}

CAF_TEST(a restarted sender is followed rather than refused as stale) {
  lum_fragmenter before{lum_kind::motion};
  lum_reassembler reassembler{lum_kind::motion};
  for (int i = 0; i < 100; ++i)
    push(reassembler, fragments_of(before, bytes_counting(100))[0]);
  CAF_CHECK_EQUAL(reassembler.counters().frames_completed, 100u);
  lum_fragmenter after{lum_kind::motion};
  const auto r = push(reassembler, fragments_of(after, bytes_counting(100))[0]);
  CAF_CHECK(r.outcome == lum_push_outcome::completed);
  CAF_CHECK_EQUAL(r.frame.sequence, 0u);
  CAF_CHECK_EQUAL(reassembler.counters().stream_restarts, 1u);
}

CAF_TEST(empty and single-datagram frames complete at once) {
  lum_fragmenter fragmenter{lum_kind::motion};
  lum_reassembler reassembler{lum_kind::motion};
  auto empty = fragments_of(fragmenter, {});
  CAF_REQUIRE_EQUAL(empty.size(), 1u);
  CAF_CHECK_EQUAL(empty[0].size(), lum_header_size);
  auto r = push(reassembler, empty[0]);
  CAF_CHECK(r.outcome == lum_push_outcome::completed);
  CAF_CHECK_EQUAL(r.frame.size, 0u);
  auto one = fragments_of(fragmenter, bytes_counting(816));
  CAF_REQUIRE_EQUAL(one.size(), 1u);
  r = push(reassembler, one[0]);
  CAF_CHECK(r.outcome == lum_push_outcome::completed);
  CAF_CHECK_EQUAL(r.frame.size, 816u);
  CAF_CHECK_EQUAL(r.frame.sequence, 1u);
}

CAF_TEST(fragmenter reports unusable buffers and indices) {
  lum_fragmenter fragmenter{lum_kind::depth, 0, 100};
  const auto payload = bytes_counting(1000);
  auto frame = fragmenter.next_frame(payload.data(), payload.size(), 0);
  CAF_REQUIRE(frame.has_value());
  CAF_CHECK_EQUAL(frame->fragment_count(), 14); // 1000 bytes, 72 per datagram
  CAF_CHECK_EQUAL(frame->datagram_size(0), 100u);
  datagram d(100);
  CAF_CHECK(frame->write_fragment(0, d.data(), 99).error == encode_error::buffer_too_small);
  CAF_CHECK(frame->write_fragment(14, d.data(), 100).error == encode_error::invalid_input);
  lum_fragmenter tiny{lum_kind::depth, 0, lum_header_size + 1};
  const auto huge = bytes_counting(70000);
  CAF_CHECK(!tiny.next_frame(huge.data(), huge.size(), 0).has_value());
}

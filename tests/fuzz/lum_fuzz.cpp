// Fuzz target for one LUM stream (LUMD, LUMF or LUMM, chosen at compile time
// by LUME_FUZZ_LUM_KIND): the datagrams of the input go through the receiver's
// reassembler with its production limits; every completed frame through the
// kind's payload decoder. Round trips asserted: a payload that decodes
// re-encodes to the same bytes, and the fragmenter's datagrams of it,
// delivered last fragment first, reassemble to the same bytes again.

#include <cstring>
#include <vector>

#include "net/lum_audio_payload.hpp"
#include "net/lum_depth_payload.hpp"
#include "net/lum_fragmenter.hpp"
#include "net/lum_reassembler.hpp"
#include "net/lum_skeleton_payload.hpp"
#include "tests/fuzz/datagram_records.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume::net;

constexpr lum_kind kind = lum_kind::LUME_FUZZ_LUM_KIND;

/// Decodes `payload` as this kind's payload and re-encodes it into `out`;
/// false if it does not decode.
bool decode_and_reencode(const std::uint8_t* payload, std::size_t size,
                         std::vector<std::uint8_t>& out) {
  encode_result written;
  if constexpr (kind == lum_kind::depth) {
    depth_payload image;
    if (decode_depth_payload(payload, size, image) != payload_status::ok)
      return false;
    FUZZ_CHECK(image.depth_mm.size() == std::size_t{image.width} * image.height);
    out.resize(depth_payload_size(image.width, image.height));
    written = encode_depth_payload(image, out.data(), out.size());
  } else if constexpr (kind == lum_kind::audio) {
    audio_payload block;
    if (decode_audio_payload(payload, size, block) != payload_status::ok)
      return false;
    out.resize(audio_payload_size(block));
    written = encode_audio_payload(block, out.data(), out.size());
  } else {
    skeleton_payload pose;
    if (decode_skeleton_payload(payload, size, pose) != payload_status::ok)
      return false;
    FUZZ_CHECK(pose.joints.size() <= skeleton_max_joints);
    out.resize(skeleton_payload_size(pose.joints.size()));
    written = encode_skeleton_payload(pose, out.data(), out.size());
  }
  FUZZ_CHECK(static_cast<bool>(written));
  FUZZ_CHECK(written.size == out.size());
  return true;
}

/// Fragments `payload` as a sender would and reassembles it, last fragment
/// first: the frame must come back whole, once, with the same bytes.
void check_fragment_round_trip(const std::uint8_t* payload, std::size_t size,
                               std::int64_t origin_time_us, std::uint8_t stream_id) {
  // Small datagrams so that even small frames take several fragments.
  const std::size_t max_datagram = lum_header_size + 1 + size % 251;
  lum_fragmenter fragmenter{kind, stream_id, max_datagram};
  auto frame = fragmenter.next_frame(payload, size, origin_time_us);
  if (!frame) {
    FUZZ_CHECK(lum_fragment_count_for(size, max_datagram - lum_header_size) == 0);
    return;
  }
  lum_reassembler reassembler{kind};
  std::vector<std::uint8_t> datagram(max_datagram);
  for (int index = frame->fragment_count() - 1; index >= 0; --index) {
    const auto i = static_cast<std::uint16_t>(index);
    auto written = frame->write_fragment(i, datagram.data(), datagram.size());
    FUZZ_CHECK(static_cast<bool>(written));
    FUZZ_CHECK(written.size == frame->datagram_size(i));
    FUZZ_CHECK(written.size <= max_datagram);
    auto result = reassembler.push(datagram.data(), written.size);
    if (index > 0) {
      FUZZ_CHECK(result.outcome == lum_push_outcome::stored);
      continue;
    }
    FUZZ_CHECK(result.outcome == lum_push_outcome::completed);
    FUZZ_CHECK(result.frame.size == size);
    FUZZ_CHECK(result.frame.origin_time_us == origin_time_us);
    FUZZ_CHECK(result.frame.stream_id == stream_id);
    FUZZ_CHECK(size == 0 || std::memcmp(result.frame.payload, payload, size) == 0);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lum_reassembler reassembler{kind};
  std::vector<std::uint8_t> reencoded;
  std::uint64_t completed = 0;
  std::uint64_t refused = 0;
  for (const auto& datagram : lume::fuzz::split_records(data, size)) {
    const auto result = reassembler.push(datagram.data, datagram.size);
    if (result.outcome == lum_push_outcome::refused) {
      ++refused;
      continue;
    }
    if (result.outcome != lum_push_outcome::completed)
      continue;
    ++completed;
    const lum_frame& frame = result.frame;
    FUZZ_CHECK(frame.size <= lum_reassembly_limits{}.max_frame_bytes);
    if (!decode_and_reencode(frame.payload, frame.size, reencoded))
      continue;
    FUZZ_CHECK(reencoded.size() == frame.size);
    FUZZ_CHECK(std::memcmp(reencoded.data(), frame.payload, frame.size) == 0);
    check_fragment_round_trip(reencoded.data(), reencoded.size(), frame.origin_time_us,
                              frame.stream_id);
  }
  const auto& counters = reassembler.counters();
  FUZZ_CHECK(counters.frames_completed == completed);
  FUZZ_CHECK(counters.truncated + counters.trailing_bytes + counters.bad_magic
               + counters.wrong_kind + counters.bad_version + counters.bad_fragment_count
               + counters.bad_fragment_index + counters.fragment_size_mismatch
               + counters.frame_too_large + counters.frame_header_mismatch
               + counters.duplicate_fragment + counters.stale_fragment
             == refused);
  return 0;
}

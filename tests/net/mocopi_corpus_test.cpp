#define CAF_SUITE net.mocopi_corpus
#include <caf/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "capture_reader.hpp"
#include "net/mocopi_chunks.hpp"
#include "net/mocopi_decoder.hpp"
#include "net/mocopi_stream.hpp"
#include "testdata.hpp"

using namespace lume::net;
using namespace lume::net::test;

namespace {

/// What replaying one capture through a mocopi_stream must count.
struct expectation {
  std::uint64_t skeletons = 0;
  std::uint64_t frames = 0;
  std::uint64_t lost_frames = 0;
  std::uint64_t session_restarts = 0;
  std::uint64_t incomplete_frames = 0;
  std::uint64_t unusable_bones = 0;
  std::uint64_t datagrams_with_unread_chunks = 0;
  std::vector<std::pair<mocopi_refusal, std::uint64_t>> refused; ///< all others are zero
};

using R = mocopi_refusal;

/// One entry per capture of animu-sphere/, derived from its README and manifest pins.
const std::map<std::string, expectation>& expectations() {
  static const std::map<std::string, expectation> table{
    {"neutral-standing-60hz.mocopipackets", {1, 5, 0, 0, 0, 0, 0, {}}},
    {"arms-lowered-60hz.mocopipackets", {1, 3, 0, 0, 0, 0, 0, {}}},
    // 3002 -> 3005 loses two, 3006 arrives twice, then fnum 1 restarts the session.
    {"frame-loss-60hz.mocopipackets",
     {1, 5, 2, 1, 0, 0, 0, {{R::duplicate_frame, 1}, {R::no_skeleton, 1}}}},
    // The restart drops the rig; two frames wait for the second skeleton.
    {"session-restart-60hz.mocopipackets", {2, 5, 0, 1, 0, 0, 0, {{R::no_skeleton, 2}}}},
    {"malformed-container.mocopipackets",
     {0, 0, 0, 0, 0, 0, 0,
      {{R::missing_head, 1}, {R::truncated_chunk_header, 2}, {R::chunk_overrun, 2}}}},
    {"malformed-packets.mocopipackets",
     {0, 0, 0, 0, 0, 0, 0,
      {{R::bad_format_name, 1},
       {R::bad_version, 1},
       {R::missing_head, 1},
       {R::both_kinds, 1},
       {R::no_kind, 1},
       {R::duplicate_chunk, 1},
       {R::bad_field_size, 3},
       {R::bad_clock, 3},
       {R::bad_rest_transform, 1}}}},
    // Three unusable bone records decode; with no rig, both frames wait for one.
    {"refused-bones-60hz.mocopipackets", {0, 0, 0, 0, 0, 3, 0, {{R::no_skeleton, 2}}}},
    {"incomplete-frame-60hz.mocopipackets", {1, 2, 0, 0, 1, 3, 0, {}}},
    // Frame before any rig, an 11-bone rig, its frame, then a 27-bone frame it cannot hold.
    {"extended-form.mocopipackets",
     {1, 1, 0, 0, 0, 0, 1, {{R::no_skeleton, 1}, {R::rig_mismatch, 1}}}},
  };
  return table;
}

/// "reason=count", so a failed check names the reason.
std::string named(mocopi_refusal reason, std::uint64_t count) {
  return std::string{to_string(reason)} + "=" + std::to_string(count);
}

void check_counters(const std::string& file, const mocopi_counters& c, const expectation& e,
                    std::size_t datagrams) {
  CAF_MESSAGE("capture " << file);
  CAF_CHECK_EQUAL(c.datagrams, datagrams);
  CAF_CHECK_EQUAL(c.skeletons, e.skeletons);
  CAF_CHECK_EQUAL(c.frames, e.frames);
  CAF_CHECK_EQUAL(c.lost_frames, e.lost_frames);
  CAF_CHECK_EQUAL(c.session_restarts, e.session_restarts);
  CAF_CHECK_EQUAL(c.incomplete_frames, e.incomplete_frames);
  CAF_CHECK_EQUAL(c.unusable_bones, e.unusable_bones);
  CAF_CHECK_EQUAL(c.datagrams_with_unread_chunks, e.datagrams_with_unread_chunks);
  std::uint64_t refused = 0;
  auto counters = c;
  for (const auto& [reason, count] : e.refused) {
    CAF_CHECK_EQUAL(named(reason, counter_of(counters, reason)), named(reason, count));
    refused += count;
  }
  CAF_CHECK_EQUAL(refusals(c), refused);
  CAF_CHECK_EQUAL(c.skeletons + c.frames + refusals(c), datagrams);
}

const char* kind_name(mocopi_datagram_kind kind) {
  switch (kind) {
    case mocopi_datagram_kind::unwalkable: return "unwalkable";
    case mocopi_datagram_kind::neither: return "neither";
    case mocopi_datagram_kind::skeleton: return "skdf";
    case mocopi_datagram_kind::frame: return "fram";
    case mocopi_datagram_kind::both: return "both";
  }
  return "?";
}

/// Checks a capture against its manifest entry: counts, sizes, kinds, bone counts.
void check_against_manifest(const capture& c, const boost::json::object& entry) {
  CAF_CHECK_EQUAL(c.format, "mocopi-packet-capture");
  CAF_CHECK_EQUAL(c.properties.at("sourceId"), entry.at("sourceId").as_string().c_str());
  CAF_CHECK_EQUAL(c.datagrams.size(),
                  static_cast<std::size_t>(entry.at("datagrams").to_number<std::int64_t>()));
  std::size_t payload_bytes = 0;
  std::map<std::string, std::int64_t> kinds;
  std::set<std::int64_t> bone_counts;
  for (const auto& d : c.datagrams) {
    payload_bytes += d.bytes.size();
    ++kinds[kind_name(classify_mocopi_datagram(d.bytes.data(), d.bytes.size()))];
    const auto decoded = decode_mocopi_datagram(d.bytes.data(), d.bytes.size());
    if (const auto* s = std::get_if<mocopi_skeleton>(&decoded))
      bone_counts.insert(static_cast<std::int64_t>(s->bone_count));
    if (const auto* f = std::get_if<mocopi_frame>(&decoded))
      bone_counts.insert(static_cast<std::int64_t>(f->bone_count + f->unusable_bones));
  }
  CAF_CHECK_EQUAL(payload_bytes,
                  static_cast<std::size_t>(entry.at("payloadBytes").to_number<std::int64_t>()));
  std::map<std::string, std::int64_t> expected_kinds;
  for (const auto& [kind, count] : entry.at("packetKinds").as_object())
    expected_kinds[std::string{kind}] = count.to_number<std::int64_t>();
  CAF_CHECK(kinds == expected_kinds);
  std::set<std::int64_t> manifest_bones;
  for (const auto& n : entry.at("boneCounts").as_array())
    manifest_bones.insert(n.to_number<std::int64_t>());
  CAF_CHECK(std::includes(manifest_bones.begin(), manifest_bones.end(), bone_counts.begin(),
                          bone_counts.end()));
  const double duration = c.datagrams.back().seconds - c.datagrams.front().seconds;
  CAF_CHECK_LESS(std::abs(duration - entry.at("durationSeconds").to_number<double>()), 1e-5);
}

} // namespace

CAF_TEST(every animu-sphere capture decodes to its expected counts) {
  const auto dir = mocopi_dir();
  if (!dir)
    return;
  const std::string folder = *dir + "/animu-sphere";
  const auto manifest_text = read_text(folder + "/manifest.json");
  CAF_REQUIRE(manifest_text.has_value());
  const auto manifest = boost::json::parse(*manifest_text);
  std::map<std::string, boost::json::object> entries;
  for (const auto& entry : manifest.at("captures").as_array())
    entries[std::string{entry.at("file").as_string()}] = entry.as_object();

  std::size_t replayed = 0;
  for (const auto& file : std::filesystem::directory_iterator{folder}) {
    if (file.path().extension() != ".mocopipackets")
      continue;
    const std::string name = file.path().filename().string();
    const auto expected = expectations().find(name);
    CAF_MESSAGE("capture " << name);
    CAF_CHECK_EQUAL(expectations().count(name), 1u);
    CAF_CHECK_EQUAL(entries.count(name), 1u);
    if (expected == expectations().end() || entries.count(name) == 0)
      continue;
    const auto text = read_text(file.path().string());
    CAF_REQUIRE(text.has_value());
    const auto parsed = parse_capture(*text);
    CAF_REQUIRE(std::holds_alternative<capture>(parsed));
    const auto& c = std::get<capture>(parsed);
    check_against_manifest(c, entries.at(name));
    mocopi_stream stream;
    for (const auto& d : c.datagrams)
      stream.push(d.bytes.data(), d.bytes.size());
    check_counters(name, stream.counters(), expected->second, c.datagrams.size());
    ++replayed;
  }
  CAF_CHECK_EQUAL(replayed, entries.size());
  CAF_CHECK_EQUAL(replayed, expectations().size());
}

CAF_TEST(the t-34400 datagrams decode as a skeleton and a frame of one session) {
  const auto dir = mocopi_dir();
  if (!dir)
    return;
  mocopi_stream stream;
  for (const char* name : {"/t-34400/sample_skdf.bin", "/t-34400/sample_fram.bin"}) {
    const auto d = read_binary(*dir + name);
    CAF_REQUIRE(d.has_value());
    stream.push(d->data(), d->size());
  }
  const auto& c = stream.counters();
  CAF_CHECK_EQUAL(c.skeletons, 1u);
  CAF_CHECK_EQUAL(c.frames, 1u);
  CAF_CHECK_EQUAL(refusals(c), 0u);
}

CAF_TEST(arms-lowered carries the rotation in the third quaternion component) {
  const auto dir = mocopi_dir();
  if (!dir)
    return;
  const auto text = read_text(*dir + "/animu-sphere/arms-lowered-60hz.mocopipackets");
  CAF_REQUIRE(text.has_value());
  const auto parsed = parse_capture(*text);
  CAF_REQUIRE(std::holds_alternative<capture>(parsed));
  const auto& d = std::get<capture>(parsed).datagrams.at(1).bytes;
  const auto decoded = decode_mocopi_datagram(d.data(), d.size());
  CAF_REQUIRE(std::holds_alternative<mocopi_frame>(decoded));
  const auto& f = std::get<mocopi_frame>(decoded);
  CAF_REQUIRE_EQUAL(f.bone_count, 27u);
  const auto& left = f.bones[12].transform;
  const auto& right = f.bones[16].transform;
  CAF_CHECK_EQUAL(f.bones[12].id, 12);
  CAF_CHECK_LESS(std::abs(left.rz + 0.67559f), 1e-4f);
  CAF_CHECK_LESS(std::abs(left.rw - 0.73728f), 1e-4f);
  CAF_CHECK_EQUAL(left.rx, 0.0f);
  CAF_CHECK_EQUAL(right.rz, -left.rz);
  CAF_CHECK_EQUAL(right.rw, left.rw);
}

#define CAF_SUITE sim.replay
#include <caf/test/unit_test.hpp>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include <unistd.h>

#include "actors/sim/audio_source.hpp"
#include "actors/sim/mocopi_source.hpp"
#include "actors/sim/pacer.hpp"
#include "net/lum_header.hpp"
#include "net/lum_reassembler.hpp"
#include "net/mocopi_decoder.hpp"
#include "net/mocopi_stream.hpp"
#include "net/recording_format.hpp"
#include "tests/net/capture_reader.hpp"
#include "tests/net/testdata.hpp"
#include "tests/sim/collecting_sink.hpp"
#include "tools/lume-sim/replayer.hpp"

using namespace lume;
using lume::sim::test::collecting_sink;
namespace fs = std::filesystem;

namespace {

/// A recording file in the temporary directory, removed at the end.
struct temp_recording {
  std::string path = (fs::temp_directory_path()
                      / ("lume-test-replay-" + std::to_string(::getpid()) + ".lumerec"))
                       .string();
  ~temp_recording() { fs::remove(path); }
};

/// Writes each datagram `source` emits for ticks [0, ticks), sent every
/// `period_us` from the clocks `origin_us` and `unix_s`, as arriving at
/// arrival(tick) µs.
template <class Arrival>
void record_source(const std::string& path, sim::stream_source& source, std::uint64_t ticks,
                   std::uint64_t period_us, std::int64_t origin_us, double unix_s,
                   Arrival arrival) {
  auto created = net::recording_writer::create(path);
  CAF_REQUIRE(std::holds_alternative<net::recording_writer>(created));
  auto& writer = std::get<net::recording_writer>(created);
  collecting_sink sink;
  for (std::uint64_t n = 0; n < ticks; ++n) {
    sink.datagrams.clear();
    source.emit(n,
                {origin_us + static_cast<std::int64_t>(n * period_us),
                 unix_s + static_cast<double>(n * period_us) * 1e-6},
                sink);
    for (const auto& d : sink.datagrams)
      CAF_REQUIRE(writer.write(arrival(n), d.data(), d.size()));
  }
  CAF_REQUIRE(!writer.close());
}

/// Replays `path` into memory.
sim::replay_run replay_into(const std::string& path, collecting_sink& sink,
                            const sim::replay_options& options) {
  auto opened = net::recording_reader::open(path);
  CAF_REQUIRE(std::holds_alternative<net::recording_reader>(opened));
  const std::atomic<bool> stop{false};
  auto result = sim::replay(std::get<net::recording_reader>(opened), sink, options, stop);
  CAF_REQUIRE(std::holds_alternative<sim::replay_run>(result));
  return std::get<sim::replay_run>(result);
}

} // namespace

CAF_TEST(a looped mocopi replay plays every pass as one session) {
  temp_recording file;
  sim::mocopi_source source{50};
  // 1.2 s at 50 fps; the first frame arrived 30 ms late (Wi-Fi), so the
  // recording's arrival span is shorter than the sender's and the next
  // pass's first clocks would come before the last ones: they are held.
  record_source(file.path, source, 60, 20'000, 0, 1.7e9, [](std::uint64_t n) -> std::uint64_t {
    return n * 20'000 > 30'000 ? n * 20'000 - 30'000 : 0;
  });
  sim::replay_options options;
  options.loop = true;
  options.speed = 20; // 60 ms per pass
  options.seconds = 0.33;
  collecting_sink sink;
  const auto run = replay_into(file.path, sink, options);
  CAF_MESSAGE(run.passes << " passes, " << run.datagrams << " datagrams, "
                         << run.rewritten.clocks_held_back << " clocks held back");
  CAF_REQUIRE_GREATER_OR_EQUAL(run.passes, 4u);
  CAF_CHECK_GREATER_OR_EQUAL(run.rewritten.clocks_held_back, run.passes - 1);

  net::mocopi_stream stream;
  std::uint32_t expected_number = 0;
  double last_uttm = 0;
  std::uint64_t skeletons = 0;
  for (const auto& d : sink.datagrams) {
    const auto event = stream.push(d.data(), d.size());
    skeletons += event.kind == net::mocopi_event_kind::skeleton;
    if (event.kind != net::mocopi_event_kind::frame)
      continue;
    CAF_CHECK_EQUAL(event.frame->frame_number, expected_number);
    CAF_CHECK_GREATER(*event.frame->unix_time_s, last_uttm);
    last_uttm = *event.frame->unix_time_s;
    ++expected_number;
  }
  const auto& c = stream.counters();
  CAF_CHECK_EQUAL(net::refusals(c), 0u);
  CAF_CHECK_EQUAL(c.session_restarts, 0u);
  CAF_CHECK_EQUAL(c.lost_frames, 0u);
  CAF_CHECK_EQUAL(c.frames, run.datagrams - skeletons);
  // Pass 1 as recorded, every later frame rewritten, skeletons as recorded.
  CAF_CHECK_EQUAL(run.rewritten.mocopi_frames, c.frames - 60);
  CAF_CHECK_EQUAL(run.rewritten.passed_through, skeletons);
  // The sender's clock keeps time with the replay's timeline: a pass is
  // 1.15 s of arrivals plus a mean gap (19.2 ms).
  const double pass_s = 1.15 + 1.15 / 60;
  CAF_CHECK_GREATER(last_uttm - 1.7e9, (run.passes - 1) * pass_s);
  CAF_CHECK_LESS(last_uttm - 1.7e9, run.passes * pass_s);

  // The same recording looped without rewriting is what the node refused.
  net::mocopi_stream raw;
  auto opened = net::recording_reader::open(file.path);
  auto& reader = std::get<net::recording_reader>(opened);
  net::recorded_datagram record;
  for (int pass = 0; pass < 2; ++pass, reader.rewind())
    while (reader.next(record) == net::read_result::record)
      raw.push(record.bytes.data(), record.bytes.size());
  CAF_CHECK_GREATER(net::refusals(raw.counters()), 0u);
}

CAF_TEST(a looped replay of an app capture plays every pass) {
  // Datagrams as the mocopi app lays them out (shared/testdata, read here,
  // never copied into the repo): a skeleton, then five frames at 60 Hz.
  const auto dir = net::test::mocopi_dir();
  if (!dir)
    return;
  const auto text
    = net::test::read_text(*dir + "/animu-sphere/neutral-standing-60hz.mocopipackets");
  CAF_REQUIRE(text.has_value());
  auto parsed = net::test::parse_capture(*text);
  CAF_REQUIRE(std::holds_alternative<net::test::capture>(parsed));
  const auto& capture = std::get<net::test::capture>(parsed);
  temp_recording file;
  {
    auto created = net::recording_writer::create(file.path);
    auto& writer = std::get<net::recording_writer>(created);
    for (const auto& d : capture.datagrams)
      CAF_REQUIRE(writer.write(std::llround(d.seconds * 1e6), d.bytes.data(), d.bytes.size()));
    CAF_REQUIRE(!writer.close());
  }
  sim::replay_options options;
  options.loop = true;
  options.speed = 5; // 17 ms per pass
  options.seconds = 0.2;
  collecting_sink sink;
  const auto run = replay_into(file.path, sink, options);
  CAF_REQUIRE_GREATER_OR_EQUAL(run.passes, 5u);
  net::mocopi_stream stream;
  for (const auto& d : sink.datagrams)
    stream.push(d.data(), d.size());
  const auto& c = stream.counters();
  CAF_MESSAGE(run.passes << " passes: " << c.frames << " frames, " << net::refusals(c)
                         << " refused");
  CAF_CHECK_EQUAL(net::refusals(c), 0u);
  CAF_CHECK_EQUAL(c.session_restarts, 0u);
  CAF_CHECK_EQUAL(c.lost_frames, 0u);
  CAF_CHECK_EQUAL(c.skeletons + c.frames, run.datagrams);
  CAF_CHECK_GREATER(c.frames, 5u * 4);
}

CAF_TEST(a looped LUM replay carries sequence numbers and origin times on) {
  temp_recording file;
  sim::audio_source source{{}, 512};
  constexpr std::uint64_t ticks = 40; // 0.43 s of 8-channel audio, 12 fragments a block
  const std::int64_t origin = 5'000'000'000;
  record_source(file.path, source, ticks, 10'667, origin, 1.7e9,
                [](std::uint64_t n) -> std::uint64_t { return n * 10'667; });
  sim::replay_options options;
  options.loop = true;
  options.speed = 10;
  options.seconds = 0.15;
  collecting_sink sink;
  const auto run = replay_into(file.path, sink, options);
  CAF_REQUIRE_GREATER_OR_EQUAL(run.passes, 3u);
  net::lum_reassembler audio{net::lum_kind::audio};
  std::uint32_t expected_sequence = 0;
  std::int64_t last_origin = 0;
  for (const auto& d : sink.datagrams) {
    const auto r = audio.push(d.data(), d.size());
    CAF_CHECK(r.outcome != net::lum_push_outcome::refused);
    if (r.outcome != net::lum_push_outcome::completed)
      continue;
    CAF_CHECK_EQUAL(r.frame.sequence, expected_sequence);
    CAF_CHECK_GREATER(r.frame.origin_time_us, last_origin);
    last_origin = r.frame.origin_time_us;
    ++expected_sequence;
  }
  CAF_CHECK_EQUAL(audio.counters().stream_restarts, 0u);
  CAF_CHECK_EQUAL(audio.counters().stale_fragment, 0u);
  CAF_CHECK_EQUAL(audio.counters().duplicate_fragment, 0u);
  CAF_CHECK_EQUAL(audio.counters().frames_dropped_incomplete, 0u);
  CAF_CHECK_GREATER(expected_sequence, 2 * ticks);
}

CAF_TEST(rebase starts a single pass afresh from now) {
  temp_recording file;
  sim::mocopi_source source{50};
  // Recorded long ago: frame numbers from 1000 on, `uttm` a day back.
  const double day_ago = sim::unix_time_s() - 86'400;
  {
    auto created = net::recording_writer::create(file.path);
    auto& writer = std::get<net::recording_writer>(created);
    collecting_sink sink;
    for (std::uint64_t n = 1000; n < 1010; ++n)
      source.emit(n, {0, day_ago + n * 0.02}, sink);
    for (std::size_t k = 0; k < sink.datagrams.size(); ++k)
      writer.write(k * 20'000, sink.datagrams[k].data(), sink.datagrams[k].size());
    CAF_REQUIRE(!writer.close());
  }
  sim::replay_options options;
  options.rebase = true;
  options.speed = 10;
  const double before = sim::unix_time_s();
  collecting_sink sink;
  const auto run = replay_into(file.path, sink, options);
  CAF_CHECK_EQUAL(run.passes, 1u);
  std::uint32_t expected_number = 0;
  for (const auto& d : sink.datagrams) {
    const auto decoded = net::decode_mocopi_datagram(d.data(), d.size());
    const auto* frame = std::get_if<net::mocopi_frame>(&decoded);
    if (frame == nullptr)
      continue;
    CAF_CHECK_EQUAL(frame->frame_number, expected_number);
    CAF_CHECK_LESS(std::abs(frame->time_s - expected_number * 0.02f), 1e-4f);
    CAF_CHECK_LESS(std::abs(*frame->unix_time_s - (before + expected_number * 0.02)), 1.0);
    ++expected_number;
  }
  CAF_CHECK_EQUAL(expected_number, 10u);
}

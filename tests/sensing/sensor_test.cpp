#define CAF_SUITE sensing.sensors
#include <caf/test/unit_test.hpp>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

#include <unistd.h>

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/sensors/audio_sensor.hpp"
#include "actors/sensors/depth_sensor.hpp"
#include "actors/sensors/mocopi_sensor.hpp"
#include "actors/sensors/phone_sensor.hpp"
#include "actors/sensors/sender_timeline.hpp"
#include "actors/sim/mocopi_source.hpp"
#include "net/lum_audio_payload.hpp"
#include "net/lum_depth_payload.hpp"
#include "net/lum_fragmenter.hpp"
#include "net/phone_motion_osc_encoder.hpp"
#include "net/recording_format.hpp"
#include "system/node/node_context.hpp"
#include "tests/sensing/options.hpp"
#include "tests/sensing/sensing_fixture.hpp"
#include "tests/sensing/udp_listener.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace {

/// Collects datagrams in memory.
struct memory_sink : sim::datagram_sink {
  std::vector<std::vector<std::uint8_t>> datagrams;
  void send(const std::uint8_t* data, std::size_t size) override {
    datagrams.emplace_back(data, data + size);
  }
};

/// Sends `frames` frames of lume-sim's mocopi dancer (50 fps, a skeleton
/// first) to 127.0.0.1:`port`; returns the number of datagrams.
std::size_t send_mocopi_frames(std::uint16_t port, std::uint64_t frames) {
  memory_sink datagrams;
  sim::mocopi_source source{50};
  for (std::uint64_t n = 0; n < frames; ++n)
    source.emit(n, {static_cast<std::int64_t>(n) * 20000, 1e9}, datagrams);
  for (auto& d : datagrams.datagrams)
    send_to_localhost(port, d.data(), d.size());
  return datagrams.datagrams.size();
}

/// What a collector actor received, shared with the test thread.
struct inbox {
  std::mutex mtx;
  std::condition_variable cv;
  std::vector<caf::message> messages;

  template <class T>
  std::vector<T> of() {
    std::lock_guard<std::mutex> guard{mtx};
    std::vector<T> result;
    for (auto& msg : messages)
      if (msg.match_elements<T>())
        result.push_back(msg.get_as<T>(0));
    return result;
  }

  /// Waits at most 2 s until `n` messages arrived.
  bool wait_for(std::size_t n) {
    std::unique_lock<std::mutex> guard{mtx};
    return cv.wait_for(guard, 2s, [&] { return messages.size() >= n; });
  }
};

/// A real node (threaded scheduler, real sockets on 127.0.0.1) with one
/// collector named "out".
struct threaded_fixture {
  sensing_config cfg;
  caf::actor_system sys{cfg};
  std::shared_ptr<node_context> ctx = std::make_shared<node_context>();
  std::shared_ptr<inbox> out = std::make_shared<inbox>();
  std::vector<caf::actor> actors;

  threaded_fixture() {
    ctx->names = std::make_shared<name_registry>(sys, 64);
    ctx->latency = std::make_shared<latency_registry>();
    auto box = out;
    auto collector = sys.spawn([box](caf::event_based_actor* self) -> caf::behavior {
      self->set_default_handler([box](caf::scheduled_actor*, caf::message_view& x) -> caf::result<caf::message> {
        std::lock_guard<std::mutex> guard{box->mtx};
        box->messages.push_back(x.copy_content_to_message());
        box->cv.notify_all();
        return caf::message{};
      });
      return {[](atom::inspect) { return std::string{"{}"}; }};
    });
    ctx->names->declare("out", "test", "").proxy->bind(collector);
    actors.push_back(collector);
  }

  ~threaded_fixture() {
    for (auto& a : actors)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    actors.clear();
    sys.await_all_actors_done();
  }

  caf::actor spawn_sensor(const actor_kind& kind, const std::string& options) {
    auto spawned = kind.spawn(sys, spec_of(kind.name, kind.name, options), ctx);
    if (!spawned)
      CAF_FAIL(kind.name << " did not spawn: " << sys.render(spawned.error()));
    actors.push_back(*spawned);
    return *spawned;
  }

  boost::json::object inspect(const caf::actor& sensor) {
    caf::scoped_actor self{sys};
    std::string answer = "{}";
    self->request(sensor, 1s, atom::inspect_v)
      .receive([&](const std::string& x) { answer = x; }, [](caf::error&) {});
    return boost::json::parse(answer).as_object();
  }

  std::uint16_t port_of(const caf::actor& sensor) {
    return static_cast<std::uint16_t>(inspect(sensor).at("source").at("port").as_int64());
  }

  /// Polls the sensor's `decoder.KEY` until it reaches `n` (at most 2 s).
  std::int64_t await(const caf::actor& sensor, const std::string& key, std::int64_t n) {
    std::int64_t seen = 0;
    for (int i = 0; i < 200 && seen < n; ++i) {
      seen = inspect(sensor).at("decoder").at(key).as_int64();
      if (seen < n)
        std::this_thread::sleep_for(10ms);
    }
    return seen;
  }
};

std::uint64_t hop_count(const latency_registry& registry, const std::string& hop) {
  for (auto& [name, summary] : registry.summaries())
    if (name == hop)
      return summary.count;
  return 0;
}

/// The datagrams of one LUM frame of `kind` carrying `payload`.
std::vector<std::vector<std::uint8_t>> lum_datagrams(net::lum_kind kind, const std::vector<std::uint8_t>& payload,
                                                     std::int64_t origin_us) {
  net::lum_fragmenter fragmenter{kind};
  auto frame = fragmenter.next_frame(payload.data(), payload.size(), origin_us);
  std::vector<std::vector<std::uint8_t>> result;
  for (std::uint16_t i = 0; i < frame->fragment_count(); ++i) {
    std::vector<std::uint8_t> datagram(frame->datagram_size(i));
    frame->write_fragment(i, datagram.data(), datagram.size());
    result.push_back(std::move(datagram));
  }
  return result;
}

} // namespace

CAF_TEST(the sender timeline follows the least delayed datagram) {
  sender_timeline timeline;
  CAF_CHECK_EQUAL(timeline.to_host(0, 5000), 5000);
  // A late datagram: the offset (5000) creeps up by 100 ppm of 21 ms only.
  CAF_CHECK_EQUAL(timeline.to_host(20000, 26000), 25002);
  // An early one sets a smaller offset at once.
  CAF_CHECK_EQUAL(timeline.to_host(40000, 44100), 44100);
  CAF_CHECK_EQUAL(timeline.to_host(60000, 64105), 64102);
  timeline.reset();
  CAF_CHECK_EQUAL(timeline.to_host(0, 100), 100);
  CAF_CHECK_EQUAL(timeline.reanchors(), 0u);
}

CAF_TEST(the sender timeline re-anchors after a step of the sender clock) {
  sender_timeline timeline;
  // 50 fps, 2 ms on the network, every 7th frame 30 ms late. `frame`
  // answers how far the mapped capture time is from the true one (+2 ms).
  std::int64_t sender = 0;
  std::int64_t host = 1'000'000;
  auto frame = [&](std::int64_t delay_us) {
    const auto error = timeline.to_host(sender, host + delay_us) - (host + 2'000);
    sender += 20'000;
    host += 20'000;
    return error;
  };
  auto delay = [](int i) -> std::int64_t { return i % 7 == 3 ? 30'000 : 2'000; };
  for (int i = 0; i < 100; ++i)
    CAF_CHECK_LESS(std::abs(frame(delay(i))), 10);
  // The app is backgrounded for 5 s while its time froze: from now on its
  // frames read 5 s behind the host. Half a second of them is no step yet.
  host += 5'000'000;
  for (int i = 0; i < 25; ++i) {
    auto error = frame(delay(i));
    CAF_CHECK_LESS(error, -4'990'000);
  }
  CAF_CHECK_EQUAL(timeline.reanchors(), 0u);
  // After a second of frames that all sit far above the offset, it takes
  // the least delayed of them: the capture time is right again.
  for (int i = 25; i < 55; ++i)
    frame(delay(i));
  CAF_CHECK_EQUAL(timeline.reanchors(), 1u);
  CAF_CHECK_LESS(std::abs(timeline.last_step_us() - 5'000'000), 1'000);
  for (int i = 55; i < 100; ++i)
    CAF_CHECK_LESS(std::abs(frame(delay(i))), 10);
  // A step forward (the sender's time jumped ahead by 3 s) is taken at once.
  sender += 3'000'000;
  CAF_CHECK_LESS(std::abs(frame(2'000)), 10);
  CAF_CHECK_EQUAL(timeline.reanchors(), 2u);
  CAF_CHECK_LESS(std::abs(timeline.last_step_us() + 3'000'000), 10);
  // 90 ms of jitter (less than a step) never re-anchors.
  for (int i = 0; i < 200; ++i)
    frame(i % 2 == 0 ? 92'000 : 2'000);
  CAF_CHECK_EQUAL(timeline.reanchors(), 2u);
}

CAF_TEST_FIXTURE_SCOPE(sensor_tests, threaded_fixture)

CAF_TEST(the mocopi sensor decodes and refuses by reason and republishes as LUMM) {
  udp_listener unity;
  auto mocopi = spawn_sensor(mocopi_sensor_kind(),
                             R"({ address = "127.0.0.1", port = 0, subscribers = ["out"], republish = ")"
                               + unity.endpoint() + "\" }");
  auto port = port_of(mocopi);
  CAF_CHECK_EQUAL(send_mocopi_frames(port, 3), 4u);
  const char garbage[] = "not mocopi at all";
  send_to_localhost(port, reinterpret_cast<const std::uint8_t*>(garbage), sizeof(garbage));
  CAF_CHECK_EQUAL(await(mocopi, "datagrams", 5), 5);
  auto state = inspect(mocopi);
  auto& decoder = state.at("decoder").as_object();
  CAF_CHECK_EQUAL(decoder.at("skeletons").as_int64(), 1);
  CAF_CHECK_EQUAL(decoder.at("frames").as_int64(), 3);
  CAF_CHECK_EQUAL(decoder.at("refusals").as_int64(), 1);
  CAF_CHECK_EQUAL(state.at("timeline").at("reanchors").as_int64(), 0);
  CAF_CHECK_EQUAL(decoder.at("refused").at("chunk_overrun").as_int64()
                    + decoder.at("refused").at("missing_head").as_int64()
                    + decoder.at("refused").at("truncated_chunk_header").as_int64(),
                  1);
  CAF_REQUIRE(out->wait_for(3));
  auto frames = out->of<skeleton_frame>();
  CAF_REQUIRE_EQUAL(frames.size(), 3u);
  CAF_CHECK_EQUAL(frames[2].source, "mocopi");
  CAF_CHECK_EQUAL(frames[2].frame, 2u);
  CAF_CHECK_EQUAL(frames[2].joints.size(), 27u);
  CAF_CHECK_EQUAL(frames[2].joints[1].parent, 0);
  CAF_CHECK_LESS(frames[1].origin_us - frames[0].origin_us, 20001);
  auto lumm = unity.receive(1000ms);
  CAF_REQUIRE(lumm);
  CAF_CHECK_EQUAL(std::string(lumm->begin(), lumm->begin() + 4), "LUMM");
  CAF_CHECK_EQUAL(hop_count(*ctx->latency, "mocopi.decode"), 3u);
}

CAF_TEST(the depth sensor reassembles LUMD frames and counts bad datagrams) {
  auto depth = spawn_sensor(depth_sensor_kind(), R"({ address = "127.0.0.1", port = 0, subscribers = ["out"] })");
  auto port = port_of(depth);
  net::depth_payload image;
  image.width = 320;
  image.height = 240;
  image.depth_mm.assign(320 * 240, 1234);
  std::vector<std::uint8_t> payload(net::depth_payload_size(320, 240));
  net::encode_depth_payload(image, payload.data(), payload.size());
  auto datagrams = lum_datagrams(net::lum_kind::depth, payload, 777);
  CAF_CHECK_GREATER(datagrams.size(), 100u);
  for (auto& d : datagrams)
    send_to_localhost(port, d.data(), d.size());
  auto bad = datagrams[0];
  bad[0] = 'X';
  send_to_localhost(port, bad.data(), bad.size());
  CAF_CHECK_EQUAL(await(depth, "datagrams", static_cast<std::int64_t>(datagrams.size()) + 1),
                  static_cast<std::int64_t>(datagrams.size()) + 1);
  CAF_REQUIRE(out->wait_for(1));
  auto frames = out->of<depth_frame>();
  CAF_REQUIRE_EQUAL(frames.size(), 1u);
  CAF_CHECK_EQUAL(frames[0].source, "depth");
  CAF_CHECK_EQUAL(frames[0].origin_us, 777);
  CAF_CHECK_EQUAL(frames[0].width, 320);
  CAF_CHECK_EQUAL(frames[0].depth_mm.size(), 320u * 240u);
  CAF_CHECK_EQUAL(frames[0].depth_mm[1000], 1234);
  CAF_CHECK_EQUAL(inspect(depth).at("decoder").at("refused").at("bad_magic").as_int64(), 1);
}

CAF_TEST(the audio sensor decodes LUMF blocks) {
  auto audio = spawn_sensor(audio_sensor_kind(), R"({ address = "127.0.0.1", port = 0, subscribers = ["out"] })");
  auto port = port_of(audio);
  net::audio_payload block;
  block.sample_rate = 48000;
  block.channels = 8;
  block.frames = 512;
  block.samples.assign(512 * 8, 0.25f);
  block.features = {{"rms", 0.25f}};
  std::vector<std::uint8_t> payload(net::audio_payload_size(block));
  net::encode_audio_payload(block, payload.data(), payload.size());
  for (auto& d : lum_datagrams(net::lum_kind::audio, payload, 99))
    send_to_localhost(port, d.data(), d.size());
  CAF_REQUIRE(out->wait_for(1));
  auto blocks = out->of<audio_block>();
  CAF_REQUIRE_EQUAL(blocks.size(), 1u);
  CAF_CHECK_EQUAL(blocks[0].channels, 8);
  CAF_CHECK_EQUAL(blocks[0].sample_rate, 48000u);
  CAF_CHECK_EQUAL(blocks[0].samples.size(), 4096u);
  CAF_CHECK_EQUAL(blocks[0].origin_us, 99);
}

CAF_TEST(the audio sensor captures an ALSA device) {
  // ALSA's null device delivers silence as fast as it is read.
  auto audio = spawn_sensor(audio_sensor_kind(), R"({ device = "null", rate = 48000, channels = 8,
                                                      period = 256, subscribers = ["out"] })");
  CAF_REQUIRE(out->wait_for(1));
  caf::anon_send_exit(audio, caf::exit_reason::kill);
  auto blocks = out->of<audio_block>();
  CAF_REQUIRE_GREATER_OR_EQUAL(blocks.size(), 1u);
  CAF_CHECK_EQUAL(blocks[0].source, "audio");
  CAF_CHECK_EQUAL(blocks[0].channels, 8);
  CAF_CHECK_EQUAL(blocks[0].samples.size(), 256u * 8u);
  CAF_CHECK_EQUAL(blocks[0].samples[100], 0.f);
}

CAF_TEST(the phone sensor follows its configured routes) {
  auto phone = spawn_sensor(phone_sensor_kind(), R"({ address = "127.0.0.1", port = 0, subscribers = ["out"],
      routes = [ { pattern = "/my/acc", field = "acceleration", scale = 0.5 },
                 { pattern = "/my/att", field = "attitude", order = "wxyz" } ] })");
  auto port = port_of(phone);
  net::phone_motion motion;
  motion.acceleration = net::motion_vector{2, 4, 6};
  motion.attitude = net::motion_quaternion{0.1f, 0.2f, 0.3f, 0.9f};
  net::phone_osc_addresses addresses;
  addresses.acceleration = "/my/acc";
  addresses.attitude = "/my/att";
  std::uint8_t buffer[512];
  auto written = net::encode_phone_motion(motion, addresses, buffer, sizeof(buffer));
  CAF_REQUIRE(written);
  send_to_localhost(port, buffer, written.size);
  send_to_localhost(port, buffer, 5);
  CAF_CHECK_EQUAL(await(phone, "datagrams", 2), 2);
  CAF_REQUIRE(out->wait_for(1));
  auto samples = out->of<phone_motion>();
  CAF_REQUIRE_EQUAL(samples.size(), 1u);
  CAF_CHECK_EQUAL(samples[0].source, "phone");
  CAF_CHECK_EQUAL(samples[0].ax, 1.f);
  CAF_CHECK_EQUAL(samples[0].az, 3.f);
  // wxyz: the encoder's x y z w arrive as w=0.1, x=0.2, y=0.3, z=0.9.
  CAF_CHECK_EQUAL(samples[0].qw, 0.1f);
  CAF_CHECK_EQUAL(samples[0].qx, 0.2f);
  CAF_CHECK_EQUAL(inspect(phone).at("decoder").at("refusals").as_int64(), 1);
}

CAF_TEST(bad sensor options fail the spawn with the option named) {
  auto fail = [&](const actor_kind& kind, const std::string& options) {
    auto spawned = kind.spawn(sys, spec_of("x", kind.name, options), ctx);
    return spawned ? std::string{} : sys.render(spawned.error());
  };
  CAF_CHECK(fail(mocopi_sensor_kind(), "{ port = 70000 }").find("option 'port'") != std::string::npos);
  CAF_CHECK(fail(mocopi_sensor_kind(), R"({ address = "localhost" })").find("option 'address'")
            != std::string::npos);
  CAF_CHECK(fail(depth_sensor_kind(), "{ retry = 0s }").find("option 'retry'") != std::string::npos);
  CAF_CHECK(fail(audio_sensor_kind(), "{ retry = 2s, retry-max = 1s }").find("option 'retry-max'")
            != std::string::npos);
  CAF_CHECK(fail(phone_sensor_kind(), R"({ routes = [ { pattern = "/a", field = "smell" } ] })")
              .find("routes[0]: unknown field 'smell'")
            != std::string::npos);
}

CAF_TEST(a sensor whose port is taken waits and streams once the port is free) {
  auto holder = std::make_unique<udp_listener>();
  auto mocopi = spawn_sensor(mocopi_sensor_kind(),
                             R"({ address = "127.0.0.1", port = )" + std::to_string(holder->port())
                               + R"(, subscribers = ["out"], retry = 10ms, retry-max = 20ms })");
  auto state = inspect(mocopi);
  CAF_CHECK_EQUAL(state.at("state").as_string(), "waiting");
  CAF_CHECK(std::string{state.at("error").as_string()}.find("cannot bind UDP 127.0.0.1:")
            != std::string::npos);
  auto port = holder->port();
  holder.reset();
  for (int i = 0; i < 200 && inspect(mocopi).at("state").as_string() != "streaming"; ++i)
    std::this_thread::sleep_for(10ms);
  state = inspect(mocopi);
  CAF_REQUIRE_EQUAL(state.at("state").as_string(), "streaming");
  CAF_CHECK_GREATER(state.at("attempts").as_int64(), 1);
  CAF_CHECK_EQUAL(state.at("source").at("port").as_int64(), port);
  send_mocopi_frames(port, 2);
  CAF_REQUIRE(out->wait_for(2));
  CAF_CHECK_EQUAL(out->of<skeleton_frame>().size(), 2u);
}

CAF_TEST(an audio sensor without its ALSA device waits and says why) {
  auto audio = spawn_sensor(audio_sensor_kind(), R"({ device = "hw:NoSuchCard,9", retry = 60s, retry-max = 60s })");
  auto state = inspect(audio);
  CAF_CHECK_EQUAL(state.at("state").as_string(), "waiting");
  CAF_CHECK_EQUAL(state.at("attempts").as_int64(), 1);
  CAF_CHECK(std::string{state.at("error").as_string()}.find("cannot open ALSA device 'hw:NoSuchCard,9'")
            != std::string::npos);
}

CAF_TEST(a stopped sensor frees its port for the next incarnation) {
  auto first = spawn_sensor(mocopi_sensor_kind(), R"({ address = "127.0.0.1", port = 0 })");
  auto port = port_of(first);
  caf::scoped_actor self{sys};
  self->monitor(first);
  self->send_exit(first, caf::exit_reason::kill);
  self->receive([](const caf::down_msg&) {});
  auto options = R"({ address = "127.0.0.1", port = )" + std::to_string(port) + " }";
  auto second = mocopi_sensor_kind().spawn(sys, spec_of("mocopi", "mocopi", options), ctx);
  CAF_REQUIRE(second);
  actors.push_back(*second);
  CAF_CHECK_EQUAL(port_of(*second), port);
}

CAF_TEST(a recording of the raw datagrams replays into the decoder) {
  auto folder = std::filesystem::temp_directory_path() / ("lume-record-" + std::to_string(::getpid()));
  auto first = spawn_sensor(mocopi_sensor_kind(), R"({ address = "127.0.0.1", port = 0, subscribers = ["out"] })");
  caf::scoped_actor self{sys};
  auto record = [&](const caf::actor& sensor, std::string path) {
    std::string file = "(no answer)";
    self->request(sensor, 2s, session_command{"record", std::move(path), 0})
      .receive([&](const std::string& x) { file = x; },
               [&](caf::error& err) { file = "error: " + sys.render(err); });
    return file;
  };
  auto path = (folder / "dawn-1" / "mocopi.lumerec").string();
  CAF_CHECK_EQUAL(record(first, path), path);
  CAF_CHECK_EQUAL(send_mocopi_frames(port_of(first), 3), 4u);
  CAF_REQUIRE(out->wait_for(3));
  CAF_CHECK_EQUAL(record(first, ""), "");
  auto recording = inspect(first).at("recording").as_object();
  CAF_CHECK_EQUAL(recording.at("datagrams").as_int64(), 4);
  CAF_CHECK_EQUAL(recording.at("dropped").as_int64(), 0);
  // A second take into the same folder keeps the first file.
  CAF_CHECK_EQUAL(record(first, path), (folder / "dawn-1" / "mocopi-2.lumerec").string());
  CAF_CHECK_EQUAL(record(first, ""), "");
  // Replayed datagram by datagram into a second sensor, it decodes the same frames.
  auto second = spawn_sensor(mocopi_sensor_kind(), R"({ address = "127.0.0.1", port = 0, subscribers = ["out"] })");
  auto reader = net::recording_reader::open(path);
  CAF_REQUIRE(std::holds_alternative<net::recording_reader>(reader));
  net::recorded_datagram d;
  std::vector<std::uint64_t> times;
  while (std::get<net::recording_reader>(reader).next(d) == net::read_result::record) {
    send_to_localhost(port_of(second), d.bytes.data(), d.bytes.size());
    times.push_back(d.t_us);
  }
  CAF_REQUIRE_EQUAL(times.size(), 4u);
  CAF_CHECK_EQUAL(times.front(), 0u);
  CAF_CHECK(std::is_sorted(times.begin(), times.end()));
  CAF_REQUIRE(out->wait_for(6));
  auto frames = out->of<skeleton_frame>();
  CAF_REQUIRE_EQUAL(frames.size(), 6u);
  for (size_t i = 0; i < 3; ++i) {
    CAF_CHECK_EQUAL(frames[3 + i].frame, frames[i].frame);
    CAF_CHECK_EQUAL(frames[3 + i].joints.size(), frames[i].joints.size());
  }
  std::filesystem::remove_all(folder);
}

CAF_TEST_FIXTURE_SCOPE_END()

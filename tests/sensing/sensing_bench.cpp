// Sensing benchmarks against a lume-node process, over 127.0.0.1.
//   latency: mocopi datagram in → OSC param datagram out. Each frame's root
//     height encodes its number; the mapper's `probe` param follows it
//     unchanged, so the first OSC bundle carrying a number closes its sample.
//   two-node: the same through two lume-nodes meshed over 127.0.0.1, split
//     as config/k11.caf and config/motionmix.caf split the roles: the
//     mocopi sensor on k11, motion features and the mapper on motionmix.
//   load: mocopi 50 fps, depth 640×576 at 30 fps, 8-channel audio at 48 kHz
//     and phone at 100 Hz from lume-sim generators into one node running
//     every sensor, feature actor, the SAN and the mapper: the node's CPU
//     share of one core and its peak RSS.
// With --ini TEXT, TEXT heads each node's config: to compare scheduler
// settings, e.g. --ini $'[work-stealing]\nmoderate-poll-attempts = 0'.
// usage: lume-bench-sensing LUME_NODE [latency|two-node|load|all] [SECONDS] [--ini TEXT]
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <unistd.h>

#include "actors/features/skeleton.hpp"
#include "actors/sim/audio_source.hpp"
#include "actors/sim/depth_source.hpp"
#include "actors/sim/endpoint.hpp"
#include "actors/sim/mocopi_source.hpp"
#include "actors/sim/phone_source.hpp"
#include "actors/sim/stream_runner.hpp"
#include "actors/sim/udp_out.hpp"
#include "net/mocopi_encoder.hpp"
#include "tests/sensing/node_process.hpp"
#include "tests/sensing/udp_listener.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

std::string write_config(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".caf");
  std::ofstream{path} << text;
  return path.string();
}

double percentile(std::vector<double> xs, double q) {
  std::sort(xs.begin(), xs.end());
  auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(xs.size()))) - 1;
  return xs[std::min(i, xs.size() - 1)];
}

void print_hops(node_process& node, std::uint16_t inspect_port, const std::vector<std::string>& hops) {
  auto rows = node.command(inspect_port, "latency --json");
  if (!rows.is_array())
    return;
  for (auto& row : rows.as_array())
    if (std::find(hops.begin(), hops.end(), std::string{row.at("hop").as_string()}) != hops.end())
      std::printf("  node hop %-26s count %6lld  p50 %6lld us  p99 %6lld us  max %6lld us\n",
                  row.at("hop").as_string().c_str(), static_cast<long long>(row.at("count").as_int64()),
                  static_cast<long long>(row.at("p50_us").as_int64()),
                  static_cast<long long>(row.at("p99_us").as_int64()),
                  static_cast<long long>(row.at("max_us").as_int64()));
}

/// Mocopi datagrams of a T-pose whose root height is 1 m + number mm.
class probe_frames {
public:
  probe_frames() {
    auto rest = features::mocopi_t_pose();
    skeleton_.bone_count = frame_.bone_count = features::bone_count;
    for (std::size_t i = 0; i < features::bone_count; ++i) {
      auto& b = rest.bones[i];
      net::mocopi_transform t{b.rot[0], b.rot[1], b.rot[2], b.rot[3], b.pos[0], b.pos[1], b.pos[2]};
      skeleton_.bones[i] = {static_cast<std::uint16_t>(i),
                            b.parent < 0 ? net::mocopi_no_parent : static_cast<std::uint16_t>(b.parent), t};
      frame_.bones[i] = {static_cast<std::uint16_t>(i), t};
    }
    buffer_.resize(4096);
  }

  std::vector<std::uint8_t> skeleton() {
    auto r = net::encode_mocopi_skeleton(skeleton_, buffer_.data(), buffer_.size());
    return {buffer_.begin(), buffer_.begin() + static_cast<long>(r.size)};
  }

  std::vector<std::uint8_t> frame(std::uint32_t n, int number) {
    frame_.frame_number = n;
    frame_.time_s = static_cast<float>(n) * 0.01f;
    frame_.bones[0].transform.py = 1.0f + 0.001f * static_cast<float>(number);
    auto r = net::encode_mocopi_frame(frame_, buffer_.data(), buffer_.size());
    return {buffer_.begin(), buffer_.begin() + static_cast<long>(r.size)};
  }

private:
  net::mocopi_skeleton skeleton_;
  net::mocopi_frame frame_;
  std::vector<std::uint8_t> buffer_;
};

/// Sends mocopi frames at 100 Hz to `mocopi_port` for `seconds` (after 2 s
/// of warmup) and times each frame's number until it comes out of `osc`;
/// the samples, µs.
std::vector<double> time_mocopi_to_osc(udp_listener& osc, std::uint16_t mocopi_port, double seconds) {
  constexpr int numbers = 1000;
  std::vector<std::atomic<std::int64_t>> sent_ns(numbers);
  std::vector<double> samples;
  std::atomic<bool> done{false};
  std::thread receiver{[&] {
    int last = -1;
    while (!done) {
      auto datagram = osc.receive(100ms);
      if (!datagram)
        continue;
      auto now = steady::now().time_since_epoch().count();
      auto params = osc_params(*datagram);
      auto i = params.find("probe");
      if (i == params.end())
        continue;
      int number = static_cast<int>(std::lround((i->second - 1.0) / 0.001));
      if (number == last || number < 0 || number >= numbers)
        continue;
      last = number;
      auto t0 = sent_ns[static_cast<std::size_t>(number)].exchange(0);
      if (t0 != 0)
        samples.push_back(static_cast<double>(now - t0) * 1e-3);
    }
  }};
  probe_frames frames;
  auto skeleton = frames.skeleton();
  send_to_localhost(mocopi_port, skeleton.data(), skeleton.size());
  const auto period = 10ms;
  const auto total = static_cast<int>(seconds * 100);
  const int warmup = 200;
  auto next = steady::now() + 100ms;
  for (int n = 0; n < total + warmup; ++n) {
    std::this_thread::sleep_until(next);
    next += period;
    int number = n % numbers;
    auto datagram = frames.frame(static_cast<std::uint32_t>(n + 1), number);
    if (n >= warmup)
      sent_ns[static_cast<std::size_t>(number)] = steady::now().time_since_epoch().count();
    send_to_localhost(mocopi_port, datagram.data(), datagram.size());
    if (n % 300 == 0)
      send_to_localhost(mocopi_port, skeleton.data(), skeleton.size());
  }
  std::this_thread::sleep_for(200ms);
  done = true;
  receiver.join();
  return samples;
}

void print_latency(const std::string& what, const std::vector<double>& samples, double seconds) {
  const auto total = static_cast<std::size_t>(seconds * 100);
  std::printf("%s (%zu frames at 100 Hz, %.0f s): p50 %.0f us, p99 %.0f us, max %.0f us, %zu of %zu "
              "answered\n",
              what.c_str(), samples.size(), seconds, percentile(samples, 0.5), percentile(samples, 0.99),
              percentile(samples, 1.0), samples.size(), total);
}

/// The mapper param that follows each probe frame's number.
const char* const probe_param
  = R"({ probe = { feature = "motion.root_y_m", in = [0.0, 100.0], out = [0.0, 100.0] } })";

void latency(const std::string& lume_node, double seconds, const std::string& ini_head) {
  udp_listener osc;
  auto inspect_port = free_port();
  auto mocopi_port = free_port();
  auto config = write_config(
    "lume-bench-latency",
    ini_head + "\n" + mocopi_to_osc_config("bench", inspect_port, mocopi_port, osc.endpoint(), probe_param));
  node_process node{lume_node, config};
  if (!node.started() || !node.running(inspect_port, "mocopi")) {
    std::cerr << "lume-node did not start\n";
    return;
  }
  auto samples = time_mocopi_to_osc(osc, mocopi_port, seconds);
  if (samples.empty()) {
    std::cerr << "no OSC sample arrived\n";
    return;
  }
  print_latency("mocopi datagram in -> OSC param out", samples, seconds);
  print_hops(node, inspect_port, {"mocopi.decode", "motion-features.in.mocopi", "mapper.in.mocopi",
                                  "mapper.osc.mocopi"});
  std::filesystem::remove(config);
}

/// The `[lume.mesh]` section of node `self` whose one peer is `peer`.
std::string mesh_section(std::uint16_t port, const std::string& peer, std::uint16_t peer_port) {
  return "[lume.mesh]\nport = " + std::to_string(port) + "\naddress = \"127.0.0.1\"\npeers = [\"" + peer
         + "@127.0.0.1:" + std::to_string(peer_port) + "\"]\n";
}

/// True once node `inspect_port` lists `actor` running on `peer` (at most 10 s).
bool peer_serves(node_process& node, std::uint16_t inspect_port, const std::string& peer,
                 const std::string& actor) {
  for (int i = 0; i < 200; ++i) {
    auto rows = node.command(inspect_port, "actors");
    if (rows.is_array())
      for (auto& row : rows.as_array()) {
        auto& x = row.as_object();
        if (x.at("name").as_string() == actor && x.at("node").as_string() == peer
            && x.at("status").as_string() == "running")
          return true;
      }
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

/// Two nodes as the reference mesh splits them: k11 runs the mocopi sensor,
/// motionmix the motion features and the mapper (config/k11.caf,
/// config/motionmix.caf); skeleton frames cross the mesh (BASP on 127.0.0.1).
void two_node(const std::string& lume_node, double seconds, const std::string& ini_head) {
  udp_listener osc;
  auto k11_inspect = free_port(), motionmix_inspect = free_port();
  auto k11_mesh = free_port(), motionmix_mesh = free_port();
  auto mocopi_port = free_port();
  auto k11_config = write_config("lume-bench-k11", ini_head + "\n" + R"([lume]
node = "k11"
inspect-port = )" + std::to_string(k11_inspect) + R"(
actors = [
  { name = "root", kind = "supervisor" },
  { name = "mocopi", kind = "mocopi", supervisor = "root",
    options = { address = "127.0.0.1", port = )" + std::to_string(mocopi_port) + R"(, subscribers = ["motion-features"] } },
]
)" + mesh_section(k11_mesh, "motionmix", motionmix_mesh));
  auto motionmix_config = write_config("lume-bench-motionmix", ini_head + "\n" + R"([lume]
node = "motionmix"
inspect-port = )" + std::to_string(motionmix_inspect) + R"(
actors = [
  { name = "root", kind = "supervisor" },
  { name = "motion-features", kind = "motion-features", supervisor = "root", options = { subscribers = ["mapper"] } },
  { name = "mapper", kind = "mapper", supervisor = "root",
    options = { targets = [")" + osc.endpoint() + R"("], rate = 50, params = )" + probe_param + R"( } },
]
)" + mesh_section(motionmix_mesh, "k11", k11_mesh));
  node_process k11{lume_node, k11_config};
  node_process motionmix{lume_node, motionmix_config};
  if (!k11.started() || !motionmix.started() || !k11.running(k11_inspect, "mocopi")
      || !peer_serves(k11, k11_inspect, "motionmix", "motion-features")
      || !peer_serves(motionmix, motionmix_inspect, "k11", "mocopi")) {
    std::cerr << "the two lume-nodes did not form a mesh\n";
    return;
  }
  auto samples = time_mocopi_to_osc(osc, mocopi_port, seconds);
  if (samples.empty()) {
    std::cerr << "no OSC sample arrived; k11 mocopi: "
              << boost::json::serialize(k11.command(k11_inspect, "inspect mocopi"))
              << "\nk11 actors: " << boost::json::serialize(k11.command(k11_inspect, "actors"))
              << "\nmotionmix motion-features: "
              << boost::json::serialize(motionmix.command(motionmix_inspect, "inspect motion-features"))
              << "\nmotionmix actors: " << boost::json::serialize(motionmix.command(motionmix_inspect, "actors"))
              << "\n";
    return;
  }
  print_latency("two nodes: mocopi datagram in on k11 -> OSC param out of motionmix", samples, seconds);
  print_hops(k11, k11_inspect, {"mocopi.decode"});
  print_hops(motionmix, motionmix_inspect, {"motion-features.in.mocopi", "mapper.in.mocopi", "mapper.osc.mocopi"});
  std::filesystem::remove(k11_config);
  std::filesystem::remove(motionmix_config);
}

void load(const std::string& lume_node, double seconds, const std::string& ini_head) {
  auto inspect_port = free_port();
  std::map<std::string, std::uint16_t> ports;
  for (auto name : {"mocopi", "depth", "audio", "phone", "osc"})
    ports[name] = free_port();
  auto p = [&](const char* name) { return std::to_string(ports[name]); };
  auto config = write_config("lume-bench-load", ini_head + "\n" + R"([lume]
node = "bench"
inspect-port = )" + std::to_string(inspect_port) + R"(
actors = [
  { name = "root", kind = "supervisor" },
  { name = "mocopi", kind = "mocopi", supervisor = "root",
    options = { address = "127.0.0.1", port = )" + p("mocopi") + R"(, subscribers = ["motion-features"] } },
  { name = "depth", kind = "depth", supervisor = "root",
    options = { address = "127.0.0.1", port = )" + p("depth") + R"(, subscribers = ["depth-features"] } },
  { name = "audio", kind = "audio", supervisor = "root",
    options = { address = "127.0.0.1", port = )" + p("audio") + R"(, subscribers = ["audio-features"] } },
  { name = "phone", kind = "phone", supervisor = "root",
    options = { address = "127.0.0.1", port = )" + p("phone") + R"(, subscribers = ["motion-features"] } },
  { name = "motion-features", kind = "motion-features", supervisor = "root", options = { subscribers = ["mapper", "san"] } },
  { name = "depth-features", kind = "depth-features", supervisor = "root", options = { subscribers = ["mapper"] } },
  { name = "audio-features", kind = "audio-features", supervisor = "root", options = { subscribers = ["mapper"] } },
  { name = "san", kind = "san", supervisor = "root", options = { min-peak = 5.0 } },
  { name = "mapper", kind = "mapper", supervisor = "root",
    options = { targets = ["127.0.0.1:)" + p("osc") + R"("], params = {
      energy = { feature = "motion.energy_j", in = [0.0, 200.0], curve = "log", smoothing = 80ms },
      shake = { feature = "phone.shake_energy", in = [0.0, 1000.0], smoothing = 100ms },
      pan = { feature = "depth.centroid_x", smoothing = 200ms },
      level = { feature = "audio.mix_dbfs", in = [-60.0, 0.0], smoothing = 100ms } } } },
]
)");
  node_process node{lume_node, config};
  if (!node.started() || !node.running(inspect_port, "phone")) {
    std::cerr << "lume-node did not start\n";
    return;
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> senders;
  auto run = [&](std::shared_ptr<sim::stream_source> source, const char* port) {
    senders.emplace_back([&, source, port] {
      auto to = std::get<sim::endpoint>(sim::parse_endpoint("127.0.0.1:" + std::string{port}));
      auto out = std::get<sim::udp_out>(sim::udp_out::open(to));
      sim::run_stream(*source, out, std::nullopt, stop);
    });
  };
  auto mocopi_port = p("mocopi"), depth_port = p("depth"), audio_port = p("audio"), phone_port = p("phone");
  run(std::make_shared<sim::mocopi_source>(50), mocopi_port.c_str());
  run(std::make_shared<sim::depth_source>(30), depth_port.c_str());
  run(std::make_shared<sim::audio_source>(sim::audio_scene_config{}, std::uint16_t{512}), audio_port.c_str());
  run(std::make_shared<sim::phone_source>(100), phone_port.c_str());
  std::this_thread::sleep_for(3s);
  auto cpu0 = cpu_seconds(node.pid());
  auto t0 = steady::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  auto cpu1 = cpu_seconds(node.pid());
  auto wall = std::chrono::duration<double>(steady::now() - t0).count();
  auto peak_kb = status_kb(node.pid(), "VmHWM");
  stop = true;
  for (auto& t : senders)
    t.join();
  std::printf("full sensor load (mocopi 50 fps, depth 640x576 @ 30 fps, 8 ch @ 48 kHz in 512-frame "
              "blocks, phone 100 Hz), %.0f s: lume-node CPU %.1f %% of one core, peak RSS %.1f MB\n",
              wall, 100 * (cpu1 - cpu0) / wall, static_cast<double>(peak_kb) / 1024);
  for (auto name : {"mocopi", "depth", "audio", "phone"}) {
    auto state = node.command(inspect_port, std::string{"inspect "} + name);
    if (state.is_object())
      std::printf("  %-6s published %6lld  kernel drops %lld\n", name,
                  static_cast<long long>(state.at("published").as_int64()),
                  static_cast<long long>(state.at("source").at("kernel_drops").as_int64()));
  }
  print_hops(node, inspect_port, {"mapper.osc.mocopi", "mapper.osc.phone", "mapper.osc.depth",
                                  "mapper.osc.audio"});
  std::filesystem::remove(config);
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args{argv + 1, argv + argc};
  std::string ini_head;
  bool bad_ini = false;
  if (auto flag = std::find(args.begin(), args.end(), "--ini"); flag != args.end()) {
    bad_ini = flag + 1 == args.end() || flag[1].empty();
    if (!bad_ini) {
      ini_head = flag[1];
      args.erase(flag, flag + 2);
    }
  }
  if (args.empty() || bad_ini) {
    std::cerr << "usage: lume-bench-sensing LUME_NODE [latency|two-node|load|all] [SECONDS] [--ini TEXT]\n";
    return 2;
  }
  std::string what = args.size() > 1 ? args[1] : "all";
  double seconds = args.size() > 2 ? std::stod(args[2]) : 30;
  if (!ini_head.empty())
    std::printf("each node's config starts with:\n%s\n", ini_head.c_str());
  if (what == "latency" || what == "all")
    latency(args[0], seconds, ini_head);
  if (what == "two-node" || what == "all")
    two_node(args[0], seconds, ini_head);
  if (what == "load" || what == "all")
    load(args[0], seconds, ini_head);
  return 0;
}

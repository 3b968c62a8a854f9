// lume-node as a process, fed over 127.0.0.1.
//   captures: every mocopi capture of shared/testdata replayed into a node
//     running mocopi → motion-features → mapper; `inspect mocopi` must count
//     what a mocopi_stream counts over the same datagrams, `latency` must
//     show the path's hops, and /lume/param/* OSC must arrive.
//   calibrate: `calibrate` over the inspection port while captured frames
//     arrive; the calibration is saved and loaded by the restarted node.
//   demo: config/solo.caf (ports moved to free ones) runs the whole sensing
//     half from its simulators; params arrive as OSC and every sensor decodes.
// usage: lume-test-sensing-process captures|calibrate|demo LUME_NODE SOURCE_DIR TESTDATA_DIR
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <boost/json.hpp>

#include "actors/sensors/counters_json.hpp"
#include "net/mocopi_stream.hpp"
#include "tests/net/capture_reader.hpp"
#include "tests/sensing/node_process.hpp"
#include "tests/sensing/udp_listener.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    ++failures;
    std::cerr << "FAIL: " << what << '\n';
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Every datagram of the mocopi test data: binary samples, then each text capture, sorted by name.
std::vector<std::vector<std::uint8_t>> corpus(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.path().extension() == ".bin" || entry.path().extension() == ".mocopipackets")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<std::vector<std::uint8_t>> result;
  for (auto& file : files) {
    auto text = read_file(file);
    if (file.extension() == ".bin") {
      result.emplace_back(text.begin(), text.end());
      continue;
    }
    auto parsed = net::test::parse_capture(text);
    if (auto err = std::get_if<std::string>(&parsed)) {
      check(false, file.string() + ": " + *err);
      continue;
    }
    for (auto& d : std::get<net::test::capture>(parsed).datagrams)
      result.push_back(d.bytes);
  }
  return result;
}

std::string write_config(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("lume-sensing-" + std::to_string(::getpid()) + ".caf");
  std::ofstream{path} << text;
  return path.string();
}

/// The row of `hop` in a `latency --json` answer (null if absent).
boost::json::value hop_row(const boost::json::value& rows, const std::string& hop) {
  if (rows.is_array())
    for (auto& row : rows.as_array())
      if (row.at("hop").as_string() == hop)
        return row;
  return nullptr;
}

int captures(const std::string& lume_node, const std::string& testdata) {
  auto datagrams = corpus(std::filesystem::path{testdata} / "mocopi");
  check(datagrams.size() >= 50, "the corpus holds " + std::to_string(datagrams.size()) + " datagrams");
  net::mocopi_stream expected;
  for (auto& d : datagrams)
    expected.push(d.data(), d.size());
  check(net::refusals(expected.counters()) >= 30 && expected.counters().frames >= 5,
        "the corpus has frames and refusals");
  udp_listener osc;
  auto inspect_port = free_port();
  auto mocopi_port = free_port();
  auto config = write_config(mocopi_to_osc_config(
    "captures", inspect_port, mocopi_port, osc.endpoint(),
    R"({ root = { feature = "motion.root_y_m", in = [0.0, 2.0] } })"));
  node_process node{lume_node, config};
  check(node.started() && node.running(inspect_port, "mocopi"), "the node runs its mocopi sensor");
  for (auto& d : datagrams) {
    send_to_localhost(mocopi_port, d.data(), d.size());
    std::this_thread::sleep_for(200us);
  }
  boost::json::value state;
  for (int i = 0; i < 100; ++i) {
    state = node.command(inspect_port, "inspect mocopi");
    if (state.is_object()
        && state.at("decoder").at("datagrams").as_int64() == static_cast<std::int64_t>(datagrams.size()))
      break;
    std::this_thread::sleep_for(50ms);
  }
  check(state.is_object(), "inspect mocopi answers");
  if (state.is_object()) {
    auto want = to_json(expected.counters());
    auto& got = state.at("decoder").as_object();
    for (auto& [key, value] : want)
      check(got.at(key) == value, "mocopi " + std::string{key} + ": got " + boost::json::serialize(got.at(key))
                                    + ", want " + boost::json::serialize(value));
    check(state.at("source").at("kernel_drops").as_int64() == 0, "no kernel drops");
    check(state.at("published").as_int64() == static_cast<std::int64_t>(expected.counters().frames),
          "one skeleton_frame per accepted frame");
  }
  auto latency = node.command(inspect_port, "latency --json");
  auto decode = hop_row(latency, "mocopi.decode");
  check(decode.is_object() && decode.at("count").as_int64() == static_cast<std::int64_t>(expected.counters().frames),
        "latency counts every decoded frame at mocopi.decode");
  auto osc_hop = hop_row(latency, "mapper.osc.mocopi");
  check(osc_hop.is_object() && osc_hop.at("count").as_int64() >= 1, "latency has mapper.osc.mocopi");
  std::map<std::string, float> last;
  for (int i = 0; i < 20; ++i)
    if (auto datagram = osc.receive(200ms); datagram && !osc_params(*datagram).empty())
      last = osc_params(*datagram);
  check(last.count("root") == 1, "/lume/param/root arrives as OSC");
  auto mapper = node.command(inspect_port, "inspect mapper");
  if (mapper.is_object() && last.count("root")) {
    auto value = mapper.at("params").at("root").at("value").as_double();
    check(value > 0.1 && std::abs(value - last["root"]) < 1e-6,
          "the root param follows the captured skeleton: " + std::to_string(value));
  }
  check(node.stop() == 0, "SIGTERM stops the node with 0");
  std::filesystem::remove(config);
  return failures;
}

/// `calibrate 2` over the inspection port while captured frames arrive: the
/// param whose feature came is calibrated and saved, the one whose feature
/// never came is unchanged; a restarted node loads the saved calibration.
int calibrate(const std::string& lume_node, const std::string& testdata) {
  auto datagrams = corpus(std::filesystem::path{testdata} / "mocopi");
  udp_listener osc;
  auto inspect_port = free_port();
  auto mocopi_port = free_port();
  auto calibration = std::filesystem::temp_directory_path()
                     / ("lume-calibration-" + std::to_string(::getpid()) + ".calib");
  auto text = std::regex_replace(
    mocopi_to_osc_config("calibrate", inspect_port, mocopi_port, osc.endpoint(),
                         R"({ root = { feature = "motion.root_y_m", in = "auto", min-span = 0.1 },
                              pan = { feature = "depth.centroid_x", in = [0.2, 0.8], min-span = 0.1 } })"),
    std::regex{"rate = 50,"}, "rate = 50, performer = \"ana\", calibration = \"" + calibration.string() + "\",");
  auto config = write_config(text);
  boost::json::value made;
  {
    node_process node{lume_node, config, {"--lume.clock.link=false"}};
    check(node.started() && node.running(inspect_port, "mocopi"), "the node runs its mocopi sensor");
    std::thread sender{[&] {
      std::this_thread::sleep_for(300ms);
      for (auto& d : datagrams) {
        send_to_localhost(mocopi_port, d.data(), d.size());
        std::this_thread::sleep_for(2ms);
      }
    }};
    made = node.command(inspect_port, "calibrate 1");
    sender.join();
    check(made.is_object(), "calibrate 1 answers with the calibration");
    if (made.is_object()) {
      check(made.at("performer") == "ana", "the calibration is ana's");
      check(made.at("params").as_object().contains("root")
              && made.at("params").at("root").at("samples").as_int64() >= 1,
            "the root param is calibrated from the frames: " + boost::json::serialize(made));
      check(made.at("unchanged").at("pan") == "no depth.centroid_x arrived", "pan is unchanged, and why");
      check(made.at("saved") == boost::json::value(calibration.string()) && std::filesystem::exists(calibration), "the calibration is saved");
    }
    check(node.stop() == 0, "SIGTERM stops the node with 0");
  }
  node_process node{lume_node, config, {"--lume.clock.link=false"}};
  check(node.started() && node.running(inspect_port, "mapper"), "the node starts again");
  auto mapper = node.command(inspect_port, "inspect mapper");
  check(mapper.is_object() && mapper.at("params").at("root").at("range") == "calibrated"
          && made.is_object() && mapper.at("params").at("root").at("in") == made.at("params").at("root").at("in"),
        "the restarted mapper loads the saved calibration");
  check(node.stop() == 0, "SIGTERM stops the node with 0");
  std::filesystem::remove(config);
  std::filesystem::remove(calibration);
  return failures;
}

int demo(const std::string& lume_node, const std::string& source_dir) {
  auto text = read_file(std::filesystem::path{source_dir} / "config/solo.caf");
  std::map<std::string, std::uint16_t> moved;
  udp_listener osc;
  for (auto port : {"12351", "9700", "9701", "9703", "9799"})
    moved[port] = free_port();
  moved["9800"] = osc.port();
  for (auto& [from, to] : moved)
    text = std::regex_replace(text, std::regex{"127\\.0\\.0\\.1:" + from + "\\b"}, "127.0.0.1:" + std::to_string(to));
  for (auto& [from, to] : moved)
    text = std::regex_replace(text, std::regex{"port = " + from + "\\b"}, "port = " + std::to_string(to));
  auto inspect_port = free_port();
  auto config = write_config(text);
  node_process node{lume_node, config, {"--lume.inspect-port=" + std::to_string(inspect_port)}};
  check(node.started() && node.running(inspect_port, "sim-phone"), "the solo node runs its simulators");
  std::set<std::string> names;
  auto deadline = std::chrono::steady_clock::now() + 6s;
  while (std::chrono::steady_clock::now() < deadline)
    if (auto datagram = osc.receive(100ms))
      for (auto& [name, value] : osc_params(*datagram))
        names.insert(name);
  check(names.size() >= 4, "the solo mapper sends at least 4 params, got " + std::to_string(names.size()));
  auto latency = node.command(inspect_port, "latency --json");
  for (auto hop : {"mocopi.decode", "depth.decode", "audio.decode", "phone.decode"}) {
    auto row = hop_row(latency, hop);
    check(row.is_object() && row.at("count").as_int64() > 0, std::string{"the solo node decodes at "} + hop);
  }
  check(node.stop() == 0, "SIGTERM stops the solo node with 0");
  std::filesystem::remove(config);
  return failures;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: lume-test-sensing-process captures|calibrate|demo LUME_NODE SOURCE_DIR TESTDATA_DIR\n";
    return 2;
  }
  std::string mode = argv[1];
  if (mode == "captures") {
    if (!std::filesystem::is_directory(std::filesystem::path{argv[4]} / "mocopi")) {
      std::cerr << "SKIPPED: no mocopi test data in " << argv[4] << '\n';
      return 0;
    }
    captures(argv[2], argv[4]);
  } else if (mode == "calibrate") {
    if (!std::filesystem::is_directory(std::filesystem::path{argv[4]} / "mocopi")) {
      std::cerr << "SKIPPED: no mocopi test data in " << argv[4] << '\n';
      return 0;
    }
    calibrate(argv[2], argv[4]);
  } else {
    demo(argv[2], argv[3]);
  }
  if (failures == 0)
    std::cout << "sensing process test (" << mode << ") passed\n";
  return failures == 0 ? 0 : 1;
}

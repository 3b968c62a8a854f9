// Mapper benchmarks against a lume-node process, over 127.0.0.1.
//   idle: a mapper with `rate = 50` and no input: the rate of its OSC
//     bundles and their intervals (goal: 50 Hz ± 1 %).
//   replay: mocopi captures (text .mocopipackets, e.g. shared/testdata/mocopi)
//     replayed at their recorded timing, one after the other, into a node
//     running mocopi → motion-features → mapper with config/solo.caf's
//     mapper params: p5, p50 and p95 of each param's OSC values.
// usage: lume-bench-mapper LUME_NODE SOURCE_DIR idle [SECONDS]
//        lume-bench-mapper LUME_NODE SOURCE_DIR replay FILE|DIR...
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <unistd.h>

#include <boost/json.hpp>

#include "tests/net/capture_reader.hpp"
#include "tests/sensing/config_text.hpp"
#include "tests/sensing/node_process.hpp"
#include "tests/sensing/udp_listener.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string write_config(const std::string& text) {
  auto path = std::filesystem::temp_directory_path()
              / ("lume-bench-mapper-" + std::to_string(::getpid()) + ".caf");
  std::ofstream{path} << text;
  return path.string();
}

double percentile(std::vector<double> xs, double q) {
  std::sort(xs.begin(), xs.end());
  return xs.at(static_cast<std::size_t>(std::lround(q * static_cast<double>(xs.size() - 1))));
}

std::string load_average() {
  auto text = read_file("/proc/loadavg");
  return text.substr(0, text.find(' ', text.find(' ', text.find(' ') + 1) + 1));
}

int idle(const std::string& lume_node, double seconds) {
  udp_listener osc;
  auto inspect_port = free_port();
  auto config = write_config(mocopi_to_osc_config("bench", inspect_port, free_port(), osc.endpoint(),
                                                   R"({ x = { feature = "motion.root_y_m" } })"));
  node_process node{lume_node, config, {"--lume.clock.link=false"}};
  if (!node.started() || !node.running(inspect_port, "mapper")) {
    std::cerr << "the node did not start\n";
    return 1;
  }
  std::this_thread::sleep_for(500ms);
  while (osc.receive(0ms)) {
  }
  std::vector<steady::time_point> arrivals;
  const auto end = steady::now() + std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>{seconds});
  while (steady::now() < end)
    if (osc.receive(100ms))
      arrivals.push_back(steady::now());
  node.stop();
  std::filesystem::remove(config);
  if (arrivals.size() < 2) {
    std::cerr << "no OSC arrived\n";
    return 1;
  }
  std::vector<double> intervals;
  for (std::size_t i = 1; i < arrivals.size(); ++i)
    intervals.push_back(std::chrono::duration<double, std::milli>(arrivals[i] - arrivals[i - 1]).count());
  const double span = std::chrono::duration<double>(arrivals.back() - arrivals.front()).count();
  const double rate = static_cast<double>(arrivals.size() - 1) / span;
  std::printf("idle OSC rate (rate = 50, no input) over %.1f s: %.3f Hz (%+.2f %%), %zu bundles\n", span,
              rate, (rate / 50 - 1) * 100, arrivals.size());
  std::printf("  interval ms: min %.2f  p1 %.2f  p50 %.2f  p99 %.2f  max %.2f\n",
              percentile(intervals, 0), percentile(intervals, 0.01), percentile(intervals, 0.5),
              percentile(intervals, 0.99), percentile(intervals, 1));
  std::printf("  load average %s\n", load_average().c_str());
  return std::abs(rate / 50 - 1) <= 0.01 ? 0 : 1;
}

std::vector<std::filesystem::path> capture_files(const std::vector<std::string>& args) {
  std::vector<std::filesystem::path> files;
  for (auto& arg : args) {
    if (!std::filesystem::is_directory(arg)) {
      files.emplace_back(arg);
      continue;
    }
    std::vector<std::filesystem::path> found;
    for (auto& entry : std::filesystem::recursive_directory_iterator(arg))
      if (entry.path().extension() == ".mocopipackets")
        found.push_back(entry.path());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

int replay(const std::string& lume_node, const std::string& source_dir, const std::vector<std::string>& args) {
  auto params = mapper_params(read_file(std::filesystem::path{source_dir} / "config/solo.caf"));
  if (params.empty()) {
    std::cerr << "no mapper params in config/solo.caf\n";
    return 1;
  }
  udp_listener osc;
  auto inspect_port = free_port();
  auto mocopi_port = free_port();
  auto config = write_config(mocopi_to_osc_config("bench", inspect_port, mocopi_port, osc.endpoint(), params));
  node_process node{lume_node, config, {"--lume.clock.link=false"}};
  if (!node.started() || !node.running(inspect_port, "mocopi")) {
    std::cerr << "the node did not start\n";
    return 1;
  }
  std::mutex mtx;
  std::map<std::string, std::vector<double>> values;
  std::atomic<bool> done{false};
  std::thread collector{[&] {
    while (!done)
      if (auto datagram = osc.receive(100ms)) {
        std::lock_guard<std::mutex> guard{mtx};
        for (auto& [name, value] : osc_params(*datagram))
          values[name].push_back(value);
      }
  }};
  std::size_t sent = 0;
  double replayed_s = 0;
  for (auto& file : capture_files(args)) {
    auto parsed = net::test::parse_capture(read_file(file));
    if (auto err = std::get_if<std::string>(&parsed)) {
      std::cerr << file << ": " << *err << '\n';
      continue;
    }
    auto& datagrams = std::get<net::test::capture>(parsed).datagrams;
    const auto start = steady::now();
    for (auto& d : datagrams) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<steady::duration>(
                                              std::chrono::duration<double>{d.seconds}));
      send_to_localhost(mocopi_port, d.bytes.data(), d.bytes.size());
      ++sent;
    }
    if (!datagrams.empty())
      replayed_s += datagrams.back().seconds;
    std::printf("replayed %s: %zu datagrams, %.2f s\n", file.filename().c_str(), datagrams.size(),
                datagrams.empty() ? 0.0 : datagrams.back().seconds);
  }
  std::this_thread::sleep_for(300ms);
  done = true;
  collector.join();
  auto mocopi = node.command(inspect_port, "inspect mocopi");
  auto mapper = node.command(inspect_port, "inspect mapper");
  node.stop();
  std::filesystem::remove(config);
  std::printf("%zu datagrams over %.2f s of captures; mocopi published %s frames\n", sent, replayed_s,
              mocopi.is_object() ? boost::json::serialize(mocopi.at("published")).c_str() : "?");
  std::printf("  %-11s %-32s %8s %8s %8s %8s  %s\n", "param", "feature", "count", "p5", "p50", "p95",
              "input range at the end");
  std::lock_guard<std::mutex> guard{mtx};
  for (auto& [name, xs] : values) {
    std::string feature = "?", range = "?";
    if (mapper.is_object())
      if (auto p = mapper.at("params").as_object().if_contains(name)) {
        feature = std::string{p->at("feature").as_string()};
        range = boost::json::serialize(p->at("in")) + " " + std::string{p->at("range").as_string()};
      }
    std::printf("  %-11s %-32s %8zu %8.3f %8.3f %8.3f  %s\n", name.c_str(), feature.c_str(), xs.size(),
                percentile(xs, 0.05), percentile(xs, 0.5), percentile(xs, 0.95), range.c_str());
  }
  std::printf("  load average %s\n", load_average().c_str());
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args{argv + 1, argv + argc};
  if (args.size() >= 3 && args[2] == "idle")
    return idle(args[0], args.size() >= 4 ? std::stod(args[3]) : 20);
  if (args.size() >= 4 && args[2] == "replay")
    return replay(args[0], args[1], {args.begin() + 3, args.end()});
  std::cerr << "usage: lume-bench-mapper LUME_NODE SOURCE_DIR idle [SECONDS]\n"
               "       lume-bench-mapper LUME_NODE SOURCE_DIR replay FILE|DIR...\n";
  return 2;
}

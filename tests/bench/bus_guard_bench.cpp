// The bus's param fan-out to one well-behaved /ws/params subscriber
// (127.0.0.1) of a solo lume-node (config/solo.caf, ports moved, Link off,
// the bus's default limits), first with nobody else, then while attackers
// of other addresses run as fast as they can:
//   - 127.0.0.2: unauthenticated POST /cue on fresh connections;
//   - 127.0.0.3: GET /stage on fresh connections (past its rate);
//   - 127.0.0.4: a WebSocket client sending messages as fast as it can,
//     reconnecting when cut off;
//   - 127.0.0.5: slow loris, half a header on every connection it may open.
// Prints publish → receive of the good subscriber's params (host time at
// receipt − `sent_us`) per phase, the node's sensor → param hop and CPU,
// and what the bus refused by reason. Under `chrt -r 10` the node and the
// reader run at real-time priority, the attacker threads at normal priority.
// ATTACKERS picks some of them: a string of the digits 2..5 (default "2345").
// usage: lume-bench-bus-guard LUME_NODE SOURCE_DIR [SECONDS] [ATTACKERS]
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "system/clock/host_clock.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bus/bus_client.hpp"
#include "tests/bus/solo_config.hpp"
#include "tests/sensing/node_process.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace {

struct phase_figures {
  std::vector<double> latency_us;
  double cpu_percent = 0;
  boost::json::value hop;
};

/// Records the good subscriber's latencies for `seconds`, and the node's hop and CPU.
phase_figures measure(node_process& node, std::uint16_t inspect, ws_client& good, double seconds) {
  phase_figures f;
  node.command(inspect, "latency reset");
  auto cpu0 = cpu_seconds(node.pid());
  const auto t0 = std::chrono::steady_clock::now();
  const auto until = t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));
  while (std::chrono::steady_clock::now() < until) {
    auto text = good.read(5s);
    if (!text)
      break;
    auto sent = sent_us_of(*text);
    if (sent > 0)
      f.latency_us.push_back(static_cast<double>(host_now().count() - sent));
  }
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.cpu_percent = 100 * (cpu_seconds(node.pid()) - cpu0) / wall;
  auto rows = node.command(inspect, "latency --json");
  if (rows.is_array())
    for (auto& row : rows.as_array())
      if (row.at("hop") == "mapper.osc.mocopi")
        f.hop = row;
  return f;
}

void print(const char* phase, const phase_figures& f) {
  auto hop = [&](const char* key) {
    return f.hop.is_object() ? f.hop.at(key).to_number<double>() : NAN;
  };
  auto s = bench::summarize(f.latency_us);
  std::printf("%-8s publish → receive /ws/params n=%zu p50 %.0f µs p99 %.0f µs max %.0f µs;"
              " sensor→param p50 %.0f µs p99 %.0f µs; node CPU %.1f %% of one core\n",
              phase, f.latency_us.size(), s.p50, s.p99, s.max, hop("p50_us"), hop("p99_us"),
              f.cpu_percent);
}

/// Runs an attacker thread at normal priority: under `chrt -r` the bench's
/// reader and the node measure the bus's own path, and the attackers compete
/// with the rest of the box as any client would.
void normal_priority() {
  sched_param p{};
  p.sched_priority = 0;
  pthread_setschedparam(pthread_self(), SCHED_OTHER, &p);
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: lume-bench-bus-guard LUME_NODE SOURCE_DIR [SECONDS] [ATTACKERS]\n";
    return 2;
  }
  const double seconds = argc > 3 ? std::stod(argv[3]) : 10;
  const std::string chosen = argc > 4 ? argv[4] : "2345";
  auto attacks = [&](char which) { return chosen.find(which) != std::string::npos; };
  solo_ports ports;
  // The bus's default limits (solo.caf's max-connections = 64 aside).
  auto config = write_solo_config(argv[2], ports);
  node_process node{argv[1], config, {"--lume.inspect-port=" + std::to_string(ports.inspect)}};
  if (!node.started() || !node.running(ports.inspect, "bus")) {
    std::cerr << "lume-node did not start\n";
    return 1;
  }
  const auto port = ports.bus;
  std::this_thread::sleep_for(2s);
  ws_client good{port, "/ws/params"};
  if (!good.connected()) {
    std::cerr << "the good subscriber cannot connect\n";
    return 1;
  }
  std::printf("solo node, %.0f s per phase, one /ws/params subscriber\n", seconds);
  print("quiet", measure(node, ports.inspect, good, seconds));

  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> attempts{0};
  std::vector<std::thread> attackers;
  if (attacks('2'))
    attackers.emplace_back([&] {
    normal_priority();
    while (!stop.load()) {
      raw_connection c{port, "127.0.0.2"};
      c.send("POST /cue HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             "Content-Length: 17\r\n\r\n{\"session\":\"next\"}");
      c.closed_by_server(1s);
      ++attempts;
    }
  });
  if (attacks('3'))
    attackers.emplace_back([&] {
    normal_priority();
    while (!stop.load()) {
      raw_connection c{port, "127.0.0.3"};
      c.send("GET /stage HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      c.closed_by_server(1s);
      ++attempts;
    }
  });
  if (attacks('4'))
    attackers.emplace_back([&] {
    normal_priority();
    while (!stop.load()) {
      ws_client flood{port, "/ws/clock", 0, "127.0.0.4"};
      while (!stop.load() && flood.write("{\"flood\":true}"))
        ++attempts;
      if (!flood.connected())
        std::this_thread::sleep_for(10ms);
    }
  });
  if (attacks('5'))
    attackers.emplace_back([&] {
    normal_priority();
    std::vector<std::unique_ptr<raw_connection>> open;
    while (!stop.load()) {
      // Keeps as many half-sent headers open as it may; closed ones are replaced.
      open.erase(std::remove_if(open.begin(), open.end(),
                                [](auto& c) { return c->closed_by_server(1ms); }),
                 open.end());
      while (open.size() < 64 && !stop.load()) {
        open.push_back(std::make_unique<raw_connection>(port, "127.0.0.5"));
        open.back()->send("GET /state HTTP/1.1\r\nHost: x\r\n");
        ++attempts;
      }
      std::this_thread::sleep_for(50ms);
    }
  });
  // A second for the attackers to start, reading on (an unread subscriber
  // would see its backlog as latency).
  measure(node, ports.inspect, good, 1);
  auto attacked = measure(node, ports.inspect, good, seconds);
  stop = true;
  for (auto& t : attackers)
    t.join();
  print("attacked", attacked);
  auto bus = node.command(ports.inspect, "inspect bus");
  std::printf("attackers' attempts %llu; bus refusals %s\n",
              static_cast<unsigned long long>(attempts.load()),
              bus.is_object() ? boost::json::serialize(bus.at("refusals")).c_str() : "?");
  node.stop();
  std::filesystem::remove(config);
  return 0;
}

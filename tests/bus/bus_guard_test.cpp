// The bus's limits against misbehaving clients (docs/protocols.md, "Bus
// limits"), on a running solo node with every limit made small: each
// attacker comes from an address of its own (127.0.0.X) and is cut off and
// counted by reason in `inspect bus`, while a well-behaved /ws/params
// subscriber on 127.0.0.1 keeps receiving and the show goes on.
// usage: lume-test-bus-guard LUME_NODE SOURCE_DIR
#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "tests/bus/bus_client.hpp"
#include "tests/bus/solo_config.hpp"
#include "tests/sensing/node_process.hpp"

using namespace lume::test;
using namespace std::chrono_literals;

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  std::cout << (ok ? "ok: " : "FAIL: ") << what << '\n';
  if (!ok)
    ++failures;
}

std::uint64_t refusals_of(node_process& node, std::uint16_t inspect, const char* reason) {
  auto bus = node.command(inspect, "inspect bus");
  if (!bus.is_object())
    return 0;
  auto* n = bus.at("refusals").as_object().if_contains(reason);
  return n ? n->to_number<std::uint64_t>() : 0;
}

/// A /ws/params client on its own thread, counting what it receives.
struct good_subscriber {
  explicit good_subscriber(std::uint16_t port) : client(port, "/ws/params") {
    reader = std::thread{[this] {
      while (!stop.load() && client.read(5s))
        ++received;
      if (!stop.load())
        open = false;
    }};
  }
  ~good_subscriber() {
    stop = true;
    reader.join();
  }
  ws_client client;
  std::atomic<bool> stop{false};
  std::atomic<bool> open{true};
  std::atomic<std::uint64_t> received{0};
  std::thread reader;
};

} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: lume-test-bus-guard LUME_NODE SOURCE_DIR\n";
    return 2;
  }
  solo_ports ports;
  auto config = write_solo_config(
    argv[2], ports,
    {{"max-body = 65536",
      "max-body = 4096, max-header = 2048, header-timeout = 1s, body-timeout = 1s, "
      "max-connections-per-address = 6, rate = 20, burst = 20, ws-max-message = 1024, "
      "ws-rate = 10, ws-burst = 10, warn-interval = 1s"},
     {"slow-timeout = 2s", "slow-timeout = 1s"},
     {"queue = 16", "queue = 4"}});
  node_process node{argv[1], config, {"--lume.inspect-port=" + std::to_string(ports.inspect)}};
  if (!node.started() || !node.running(ports.inspect, "bus")) {
    std::cerr << "FAIL: the solo node with its bus does not start\n";
    return 1;
  }
  const auto port = ports.bus;
  const auto inspect = ports.inspect;

  good_subscriber good{port};
  check(good.client.connected(), "the good subscriber connects to /ws/params");
  // A client that never reads (a 4 KiB receive buffer) on /ws/features (the
  // most bytes a second: its kernel buffers fill within seconds).
  ws_client never_reads{port, "/ws/features", 4096, "127.0.0.8"};
  check(never_reads.connected(), "the client that never reads connects");
  std::this_thread::sleep_for(1s);
  const std::uint64_t before = good.received.load();
  check(before > 0, "the good subscriber receives params before the attacks");

  // An unauthenticated POST: 401, counted; reads stay open to it.
  auto cue = http_request(port, "POST", "/cue", R"({"session":"next"})", {}, "127.0.0.2");
  check(cue.status == 401 && cue.body.find("unauthorized") != std::string::npos,
        "POST /cue without a token is refused 401, got " + std::to_string(cue.status));
  auto wrong = http_request(port, "POST", "/command", R"({"command":"tempo 90"})", "nope",
                            "127.0.0.2");
  check(wrong.status == 401, "POST /command with a wrong token is refused 401");
  check(http_request(port, "GET", "/state", {}, {}, "127.0.0.2").status == 200,
        "GET /state stays open without a token");

  // Oversize header and body.
  {
    raw_connection big{port, "127.0.0.3"};
    big.send("GET /state HTTP/1.1\r\nHost: x\r\nX-Junk: " + std::string(4000, 'a') + "\r\n\r\n");
    const bool closed = big.closed_by_server(8s);
    check(closed && big.received().rfind("HTTP/1.1 431", 0) == 0,
          "a 4 KB header is answered 431 and closed: " + big.received().substr(0, 40));
    auto body = http_request(port, "POST", "/echelon", std::string(8000, ' '), "solo", "127.0.0.3");
    check(body.status == 413, "an 8 KB body is refused 413");
  }

  // Slow loris: half a header, and a header with half a body, then nothing.
  {
    raw_connection header{port, "127.0.0.4"};
    raw_connection body{port, "127.0.0.4"};
    header.send("GET /state HTTP/1.1\r\nHost: x\r\n");
    body.send("POST /echelon HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer solo\r\n"
              "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"source\":");
    // Counted `slow_request` below: closed by the timeouts, not by the client.
    check(header.closed_by_server(8s) && header.received().empty(),
          "half a header is cut off after header-timeout");
    check(body.closed_by_server(8s), "half a body is cut off after body-timeout");
  }

  // Flooding: requests as fast as they are answered, then many connections.
  {
    int ok = 0, limited = 0, closed = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 120; ++i) {
      auto r = http_request(port, "GET", "/stage", {}, {}, "127.0.0.5");
      (r.status == 0 ? closed : r.status == 429 ? limited : ok) += 1;
    }
    auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    check(limited + closed > 0 && ok <= 20 + static_cast<int>(20 * took) + 2,
          "120 requests in " + std::to_string(took) + " s: " + std::to_string(ok) +
            " answered, " + std::to_string(limited) + " 429, " + std::to_string(closed) +
            " closed at once (rate 20/s, burst 20)");
    std::vector<std::unique_ptr<raw_connection>> many;
    for (int i = 0; i < 10; ++i)
      many.push_back(std::make_unique<raw_connection>(port, "127.0.0.6"));
    int kept = 0, cut = 0;
    for (int i = 0; i < 6; ++i)
      kept += many[i]->closed_by_server(20ms) ? 0 : 1;
    for (int i = 6; i < 10; ++i)
      cut += many[i]->closed_by_server(500ms) ? 1 : 0;
    check(kept == 6 && cut == 4,
          "10 connections from one address: 6 kept, the 4 past the limit closed at once (" +
            std::to_string(kept) + ", " + std::to_string(cut) + ")");
  }

  // WebSocket clients that send too much: fast, and big.
  {
    ws_client flood{port, "/ws/clock", 0, "127.0.0.7"};
    int written = 0;
    while (written < 200 && flood.write("{\"hello\":" + std::to_string(written) + "}"))
      ++written;
    check(flood.closed_by_server(8s), "a WebSocket client sending 200 messages at once is cut off");
    ws_client big{port, "/ws/clock", 0, "127.0.0.7"};
    big.write(std::string(2000, 'x'));
    check(big.closed_by_server(8s), "a WebSocket message of 2000 bytes is cut off");
  }

  // Waits without reading (a read would drain its buffers).
  for (int i = 0; i < 30 && refusals_of(node, inspect, "slow_reader") == 0; ++i)
    std::this_thread::sleep_for(500ms);
  // Its hub lets it go (reading it to the close would trickle through its
  // 4 KiB window for a long while).
  auto bus = node.command(inspect, "inspect bus");
  bool left = false;
  if (bus.is_object())
    for (auto& row : bus.at("hubs").as_array())
      if (row.at("path") == "/ws/features")
        left = row.at("clients") == 0 && row.at("slow_disconnects") == 1;
  check(left, "the client that never reads is cut off (its hub has no client left)");

  // The show goes on.
  std::this_thread::sleep_for(500ms);
  const std::uint64_t after = good.received.load();
  check(after > before + 50 && good.open.load(),
        "the good subscriber kept receiving params: " + std::to_string(before) + " → " +
          std::to_string(after));
  auto next = http_request(port, "POST", "/cue", R"({"session":"next"})", "solo");
  check(next.status == 200, "an authenticated cue still works: " + next.body);
  check(http_request(port, "GET", "/state").status == 200, "GET /state still works");
  for (auto reason : {"unauthorized", "header_too_large", "body_too_large", "slow_request",
                      "rate_limited", "too_many_connections_per_address", "ws_rate_limited",
                      "ws_message_too_large", "slow_reader"})
    check(refusals_of(node, inspect, reason) >= 1, std::string{"inspect bus counts "} + reason);
  check(refusals_of(node, inspect, "unauthorized") >= 2, "each unauthorized POST counted");
  check(refusals_of(node, inspect, "slow_request") >= 2, "each slow request counted");
  check(refusals_of(node, inspect, "too_many_connections_per_address") >= 4,
        "each connection past the address's limit counted");
  good.stop = true;
  check(node.stop() == 0, "SIGTERM stops the node with 0");
  std::filesystem::remove(config);
  if (failures == 0)
    std::cout << "bus guard test passed\n";
  return failures == 0 ? 0 : 1;
}

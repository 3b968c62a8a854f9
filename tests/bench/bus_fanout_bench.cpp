// The bus of a solo lume-node (config/solo.caf, ports moved, Link off) under
// load, over 127.0.0.1:
//   1. quiet: no WebSocket client; the node's own `mapper.osc.mocopi` hop
//      (sensor → param, end to end) and its CPU and RSS.
//   2. fan-out: CLIENTS clients on /ws/params and on /ws/skeleton each (at
//      the full rate of the simulators: params at up to 500 Hz, skeletons at
//      50 Hz) plus one /ws/skeleton client that never reads: publish → client
//      receive (host time at receipt − the message's `sent_us`, both on the
//      node's host clock), the same sensor → param hop, CPU and RSS, and what
//      the hub dropped for and disconnected of the slow client.
//   3. echelon: THREADS keep-alive connections POST /echelon as fast as they
//      are answered: requests per second and the p99 of one request.
// usage: lume-bench-bus LUME_NODE SOURCE_DIR [SECONDS] [CLIENTS] [THREADS]
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include "system/clock/host_clock.hpp"
#include "tests/bus/bus_client.hpp"
#include "tests/bus/solo_config.hpp"
#include "tests/sensing/node_process.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;
namespace beast = boost::beast;
namespace asio = boost::asio;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

double percentile(std::vector<double> xs, double q) {
  if (xs.empty())
    return NAN;
  std::sort(xs.begin(), xs.end());
  auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(xs.size()))) - 1;
  return xs[std::min(i, xs.size() - 1)];
}

/// A hub client that records publish → receive for every message.
struct hub_reader : std::enable_shared_from_this<hub_reader> {
  hub_reader(asio::io_context& ioc, std::vector<double>& samples, std::mutex& mutex)
    : ws(ioc), samples(samples), mutex(mutex) {}

  bool connect(std::uint16_t port, const std::string& path) {
    beast::error_code ec;
    beast::get_lowest_layer(ws).connect(tcp::endpoint{asio::ip::make_address("127.0.0.1"), port}, ec);
    if (!ec)
      ws.handshake("127.0.0.1", path, ec);
    return !ec;
  }

  void read() {
    ws.async_read(buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec)
        return;
      auto now = host_now().count();
      auto sent = sent_us_of(beast::buffers_to_string(self->buffer.data()));
      self->buffer.consume(self->buffer.size());
      if (sent > 0 && self->recording->load()) {
        std::lock_guard<std::mutex> guard{self->mutex};
        self->samples.push_back(static_cast<double>(now - sent));
      }
      self->read();
    });
  }

  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
  std::vector<double>& samples;
  std::mutex& mutex;
  std::atomic<bool>* recording = nullptr;
};

struct node_figures {
  double cpu_percent = 0;
  double rss_mb = 0;
  double hwm_mb = 0;
  boost::json::value hop;
};

/// Resets the node's latency histograms, waits `seconds`, and reads the
/// sensor → param hop, CPU and RSS over that window.
node_figures measure(node_process& node, std::uint16_t inspect, double seconds) {
  node.command(inspect, "latency reset");
  auto cpu0 = cpu_seconds(node.pid());
  auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  node_figures f;
  f.cpu_percent = 100 * (cpu_seconds(node.pid()) - cpu0) / wall;
  f.rss_mb = static_cast<double>(status_kb(node.pid(), "VmRSS")) / 1024;
  f.hwm_mb = static_cast<double>(status_kb(node.pid(), "VmHWM")) / 1024;
  auto rows = node.command(inspect, "latency --json");
  if (rows.is_array())
    for (auto& row : rows.as_array())
      if (row.at("hop") == "mapper.osc.mocopi")
        f.hop = row;
  return f;
}

void print_node(const char* phase, const node_figures& f) {
  auto hop = [&](const char* key) {
    return f.hop.is_object() ? f.hop.at(key).to_number<double>() : NAN;
  };
  std::printf("%-8s sensor→param (mapper.osc.mocopi) n=%.0f p50 %.0f µs p99 %.0f µs max %.0f µs;"
              " CPU %.1f %% of one core, RSS %.1f MB (peak %.1f MB)\n",
              phase, hop("count"), hop("p50_us"), hop("p99_us"), hop("max_us"), f.cpu_percent,
              f.rss_mb, f.hwm_mb);
}

boost::json::object hub_row(const boost::json::value& bus, const char* path) {
  if (bus.is_object())
    for (auto& row : bus.at("hubs").as_array())
      if (row.at("path") == path)
        return row.as_object();
  return {};
}

/// POSTs /echelon on one keep-alive connection until `stop`; each request's time in µs.
void post_loop(std::uint16_t port, std::atomic<bool>& stop, std::vector<double>& out,
               std::atomic<std::uint64_t>& failed) {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::error_code ec;
  stream.connect(tcp::endpoint{asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec)
    return;
  namespace http = beast::http;
  http::request<http::string_body> req{http::verb::post, "/echelon", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::authorization, "Bearer solo");
  req.set(http::field::content_type, "application/json");
  req.body() = R"({"source":"bench-phone","accel":[0.01,-0.02,0.98],"gyro":[0.1,0.2,0.3],"attitude":[0,0,0,1]})";
  req.keep_alive(true);
  req.prepare_payload();
  beast::flat_buffer buffer;
  while (!stop.load()) {
    auto t0 = std::chrono::steady_clock::now();
    http::write(stream, req, ec);
    http::response<http::string_body> res;
    if (!ec)
      http::read(stream, buffer, res, ec);
    if (ec || res.result_int() != 202) {
      ++failed;
      return;
    }
    out.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: lume-bench-bus LUME_NODE SOURCE_DIR [SECONDS] [CLIENTS] [THREADS]\n";
    return 2;
  }
  const double seconds = argc > 3 ? std::stod(argv[3]) : 10;
  const int clients = argc > 4 ? std::stoi(argv[4]) : 50;
  const int threads = argc > 5 ? std::stoi(argv[5]) : 4;
  solo_ports ports;
  auto config = write_solo_config(argv[2], ports,
                                  // Every client of the bench is 127.0.0.1: the
                                  // per-address limits (docs/protocols.md) would
                                  // refuse all but 32 of them and the POST load.
                                  {{"max-connections = 64",
                                    "max-connections = 1000, max-connections-per-address = 1000, "
                                    "rate = 1000000, burst = 1000000"},
                                   {"max-body = 65536", "max-body = 65536"}});
  node_process node{argv[1], config, {"--lume.inspect-port=" + std::to_string(ports.inspect)}};
  if (!node.started() || !node.running(ports.inspect, "bus")) {
    std::cerr << "lume-node did not start\n";
    return 1;
  }
  std::this_thread::sleep_for(2s);
  std::printf("solo node, %.0f s per phase, %d clients per hub, %d POST threads\n", seconds,
              clients, threads);
  print_node("quiet", measure(node, ports.inspect, seconds));

  asio::io_context ioc;
  std::mutex mutex;
  std::vector<double> params_us, skeleton_us;
  std::atomic<bool> recording{false};
  std::vector<std::shared_ptr<hub_reader>> readers;
  for (int i = 0; i < clients; ++i)
    for (auto [path, samples] : {std::pair{"/ws/params", &params_us}, {"/ws/skeleton", &skeleton_us}}) {
      auto r = std::make_shared<hub_reader>(ioc, *samples, mutex);
      r->recording = &recording;
      if (!r->connect(ports.bus, path)) {
        std::cerr << "client " << i << " cannot connect to " << path << '\n';
        return 1;
      }
      readers.push_back(r);
    }
  // The client that never reads: a small receive buffer, connected, silent.
  std::vector<double> unused;
  auto slow = std::make_shared<hub_reader>(ioc, unused, mutex);
  beast::error_code ec;
  beast::get_lowest_layer(slow->ws).socket().open(tcp::v4(), ec);
  beast::get_lowest_layer(slow->ws).socket().set_option(asio::socket_base::receive_buffer_size{4096}, ec);
  slow->connect(ports.bus, "/ws/skeleton");
  for (auto& r : readers)
    r->read();
  std::thread io{[&] { ioc.run(); }};
  std::this_thread::sleep_for(1s);
  recording = true;
  auto loaded = measure(node, ports.inspect, seconds);
  recording = false;
  print_node("fan-out", loaded);
  {
    std::lock_guard<std::mutex> guard{mutex};
    std::printf("publish → receive /ws/params   n=%zu p50 %.0f µs p99 %.0f µs max %.0f µs\n",
                params_us.size(), percentile(params_us, 0.5), percentile(params_us, 0.99),
                percentile(params_us, 1.0));
    std::printf("publish → receive /ws/skeleton n=%zu p50 %.0f µs p99 %.0f µs max %.0f µs\n",
                skeleton_us.size(), percentile(skeleton_us, 0.5), percentile(skeleton_us, 0.99),
                percentile(skeleton_us, 1.0));
  }
  auto bus = node.command(ports.inspect, "inspect bus");
  auto row = hub_row(bus, "/ws/skeleton");
  std::printf("/ws/skeleton: %s\n", boost::json::serialize(row).c_str());
  ioc.stop();
  io.join();
  readers.clear();
  slow.reset();
  std::this_thread::sleep_for(1s);

  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> failed{0};
  std::vector<std::vector<double>> per_thread(threads);
  std::vector<std::thread> posters;
  auto cpu0 = cpu_seconds(node.pid());
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < threads; ++i)
    posters.emplace_back(post_loop, ports.bus, std::ref(stop), std::ref(per_thread[i]), std::ref(failed));
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : posters)
    t.join();
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto cpu = 100 * (cpu_seconds(node.pid()) - cpu0) / wall;
  std::vector<double> all;
  for (auto& xs : per_thread)
    all.insert(all.end(), xs.begin(), xs.end());
  std::printf("POST /echelon: %.0f requests/s over %d connections, p50 %.0f µs p99 %.0f µs max %.0f µs,"
              " %llu failed; node CPU %.1f %% of one core\n",
              static_cast<double>(all.size()) / wall, threads, percentile(all, 0.5),
              percentile(all, 0.99), percentile(all, 1.0),
              static_cast<unsigned long long>(failed.load()), cpu);
  node.stop();
  std::filesystem::remove(config);
  return 0;
}

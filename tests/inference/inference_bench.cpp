// lume-bench-inference: the inference actor against the real model server
// (tools/inference-server) on 127.0.0.1, in one process on CAF's threaded
// scheduler. Prints:
//  1. frame in → styled frame out, p50/p99, frames offered at 30 fps and
//     styled at the server's own pace (newest wins);
//  2. the client's own cost per frame (PNG encode + base64 + JSON; answer
//     JSON + base64 + PNG check) against the server's compute time;
//  3. the jitter of a 250 ms CAF ticker (a stand-in for the director's tick)
//     in the same actor system, inference off vs. on with the server failing
//     every request, same run.
// Usage: lume-bench-inference [STYLED_FRAMES] [TICKS] [SIDE]  (LUME_SOURCE_DIR = checkout)
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>

#include "actors/sensing/hop_set.hpp"
#include "tests/inference/live_fixture.hpp"
#include "tests/inference/model_server.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace {

double percentile(std::vector<double> xs, double p) {
  if (xs.empty())
    return 0;
  std::sort(xs.begin(), xs.end());
  auto i = static_cast<std::size_t>(p * static_cast<double>(xs.size() - 1) + 0.5);
  return xs[std::min(i, xs.size() - 1)];
}

/// Ticks every 250 ms on CAF timers, recording how late each one ran (ms).
struct tick_log {
  std::mutex mutex;
  std::vector<double> late_ms;
};

caf::behavior stand_in_director(caf::event_based_actor* self, std::shared_ptr<tick_log> log, int ticks) {
  auto next = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now() + 250ms);
  auto left = std::make_shared<int>(ticks);
  self->delayed_send(self, 250ms, atom::tick_v);
  return {[self, log, next, left](atom::tick) {
    auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard<std::mutex> guard{log->mutex};
      log->late_ms.push_back(std::chrono::duration<double, std::milli>(now - *next).count());
    }
    *next += 250ms;
    if (--*left == 0)
      return self->quit();
    self->delayed_send(self, *next - now, atom::tick_v);
  }};
}

/// Runs the stand-in director for `ticks` ticks while `feed` runs beside it.
std::vector<double> tick_jitter(live_fixture& node, int ticks, const std::function<void()>& feed_once) {
  auto log = std::make_shared<tick_log>();
  auto director = node.sys.spawn(stand_in_director, log, ticks);
  auto end = std::chrono::steady_clock::now() + 250ms * ticks + 100ms;
  while (std::chrono::steady_clock::now() < end) {
    feed_once();
    std::this_thread::sleep_for(33ms);
  }
  std::lock_guard<std::mutex> guard{log->mutex};
  return log->late_ms;
}

void print_row(const char* what, const std::vector<double>& xs) {
  std::printf("%-52s n=%3zu  p50 %8.2f  p99 %8.2f  max %8.2f ms\n", what, xs.size(), percentile(xs, 0.5),
              percentile(xs, 0.99), xs.empty() ? 0.0 : *std::max_element(xs.begin(), xs.end()));
}

double mean_of(const boost::json::object& state, const char* cost) {
  return state.at("costs_ms").at(cost).at("mean").to_number<double>();
}

} // namespace

int main(int argc, char** argv) {
  const int styled_wanted = argc > 1 ? std::atoi(argv[1]) : 40;
  const int ticks = argc > 2 ? std::atoi(argv[2]) : 40;
  const uint16_t side = argc > 3 ? static_cast<uint16_t>(std::atoi(argv[3])) : 64;
  model_server server{source_dir()};
  if (server.port() == 0) {
    std::fprintf(stderr, "the model server did not start\n");
    return 1;
  }
  live_fixture node;
  auto options = R"({ endpoint = ")" + server.url() + R"(", subscribers = ["bus"], rate = 100.0,
    size = [)" + std::to_string(2 * side) + ", " + std::to_string(2 * side) + R"(], input-max-side = )"
                 + std::to_string(side) + R"(, timeout = 30s, retries = 0, breaker-failures = 5,
    breaker-window = 10s, breaker-open = 2s, prompts = { default = { prompt = "ink wash" } } })";
  auto inference = node.spawn_inference(options);
  std::printf("frames %u×%u depth → %u² styled (ESRGAN x2), offered at 30 fps\n", side, side, 2 * side);
  // 1 and 2: styled at the server's own pace.
  while (node.bus->copy().size() < static_cast<std::size_t>(styled_wanted)) {
    caf::anon_send(inference, live_fixture::depth(host_now_us(), side));
    std::this_thread::sleep_for(33ms);
  }
  std::vector<double> in_out;
  {
    std::lock_guard<std::mutex> guard{node.bus->mutex};
    // The first frame warms the connection up; it is left out.
    for (std::size_t i = 1; i < node.bus->frames.size(); ++i)
      in_out.push_back((node.bus->arrived_us[i] - node.bus->frames[i].source_origin_us) / 1000.0);
  }
  print_row("frame in → styled frame out", in_out);
  auto state = node.inspect(inference);
  std::printf("per frame, means: client encode %.2f ms, client decode %.2f ms, HTTP exchange %.1f ms, "
              "server compute %.1f ms, round trip %.1f ms; replaced inputs %lld\n",
              mean_of(state, "encode"), mean_of(state, "decode"), mean_of(state, "exchange"),
              mean_of(state, "server_compute"), mean_of(state, "round_trip"),
              static_cast<long long>(state.at("replaced").to_number<int64_t>()));
  // 3: the tick with inference off, then on with every request failing.
  caf::anon_send_exit(inference, caf::exit_reason::user_shutdown);
  std::this_thread::sleep_for(200ms);
  auto off = tick_jitter(node, ticks, [] {});
  server.faults(R"({"fail_rate": 1})");
  auto failing = node.spawn_inference(options);
  auto on = tick_jitter(node, ticks, [&] { caf::anon_send(failing, live_fixture::depth(host_now_us(), side)); });
  print_row("250 ms tick lateness, inference off", off);
  print_row("250 ms tick lateness, inference on, server failing", on);
  auto failed = node.inspect(failing);
  std::printf("inference while failing: submitted %lld, failures %s, breaker opened %lld times\n",
              static_cast<long long>(failed.at("submitted").to_number<int64_t>()),
              boost::json::serialize(failed.at("failures")).c_str(),
              static_cast<long long>(failed.at("breaker").at("opened").to_number<int64_t>()));
  return 0;
}

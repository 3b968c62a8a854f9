// Crash → restarted actor processes its next message, over 10 000 restarts.
// The operator's kill path: the name starts queueing, the incarnation is
// killed, its supervisor restarts it, the queued request reaches the new
// incarnation and its answer comes back.

#include <cstdio>

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "system/errors.hpp"
#include "system/node/system_config.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/supervised_echo.hpp"

using namespace lume;

int main(int argc, char** argv) {
  int restarts = argc > 1 ? std::atoi(argv[1]) : 10000;
  system_config cfg;
  caf::actor_system sys{cfg};
  bench::supervised_echo node{sys, restarts * 2};
  caf::scoped_actor self{sys};
  std::vector<double> samples;
  samples.reserve(restarts);
  int lost = 0;
  for (int i = 0; i < restarts; ++i) {
    auto& entry = node.entry();
    auto current = entry.proxy->current();
    auto t0 = bench::clock_type::now();
    entry.proxy->suspend();
    self->send_exit(current, make_error(ec::killed_by_operator));
    self->request(entry.handle, std::chrono::seconds{5}, i)
      .receive([&](int) { samples.push_back(bench::micros_since(t0)); },
               [&](caf::error&) { ++lost; });
  }
  auto s = bench::summarize(samples);
  std::printf("crash-to-serving over %d restarts: p50 %.1f us, p99 %.1f us, max %.1f us, "
              "lost %d, restarts counted %llu\n",
              restarts, s.p50, s.p99, s.max, lost,
              static_cast<unsigned long long>(node.entry().proxy->restarts()));
  return lost == 0 ? 0 : 1;
}

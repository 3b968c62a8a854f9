// Messages per second into a supervised, named actor (through its name
// proxy) versus a bare CAF actor, measured in the same run, alternating.

#include <cstdio>

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "system/node/system_config.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/supervised_echo.hpp"

using namespace lume;

namespace {

/// Sends `n` one-way messages, then waits until the target has counted them.
double rate(caf::scoped_actor& self, const caf::actor& target, int64_t n) {
  auto t0 = bench::clock_type::now();
  for (int64_t i = 0; i < n; ++i)
    self->send(target, i);
  self->request(target, std::chrono::minutes{1}, atom::inspect_v).receive(
    [](const std::string&) {}, [](caf::error&) { std::abort(); });
  return static_cast<double>(n) / (bench::micros_since(t0) / 1e6);
}

} // namespace

int main(int argc, char** argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  int rounds = 5;
  system_config cfg;
  caf::actor_system sys{cfg};
  bench::supervised_echo node{sys, 1};
  auto bare = sys.spawn(bench::echo);
  caf::scoped_actor self{sys};
  std::vector<double> bare_rates;
  std::vector<double> named_rates;
  for (int r = 0; r < rounds; ++r) {
    bare_rates.push_back(rate(self, bare, n));
    named_rates.push_back(rate(self, node.entry().handle, n));
  }
  auto best = [](std::vector<double> xs) { return *std::max_element(xs.begin(), xs.end()); };
  auto median = [](std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    return xs[xs.size() / 2];
  };
  auto b = median(bare_rates);
  auto m = median(named_rates);
  std::printf("one-way messages, %d rounds of %lld: bare %.2f M/s (best %.2f), "
              "named+supervised %.2f M/s (best %.2f), overhead %.1f %%\n",
              rounds, static_cast<long long>(n), b / 1e6, best(bare_rates) / 1e6, m / 1e6,
              best(named_rates) / 1e6, (b - m) / b * 100.0);
  self->send_exit(bare, caf::exit_reason::user_shutdown);
  return 0;
}

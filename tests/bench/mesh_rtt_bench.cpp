// Cross-node request/response round trip on loopback, p50/p99 over 20 000
// requests: a client node asks an `echo` actor of a server node (another
// process) through (a) a bare remote CAF handle and (b) LUME's names on both
// sides (local name proxy -> BASP -> remote name proxy -> incarnation). For
// scale, (c) the same request to an echo actor of the client's own node.
// lume-bench-handoff measures the box's floor (one thread wake-up).
// usage: lume-bench-mesh-rtt [N] [--tls=DIR] [CAF options for both
//        processes, e.g. --middleman.workers=0 --scheduler.max-threads=1]
// --tls=DIR: BASP over TLS as the mesh runs it, with DIR/ca.crt and the
// certificates of nodes `a` (server) and `b` (client): tools/lume ca DIR,
// tools/lume cert DIR a, tools/lume cert DIR b. Add
// --middleman.connection-timeout=0s: CAF 0.17.6 may time out a fresh dialed
// connection whose TLS handshake outlasts the next heartbeat tick
// (docs/performance.md).

#include <cstdio>
#include <string>
#include <unistd.h>
#include <sys/wait.h>

#include <caf/actor_system.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/publish.hpp>
#include <caf/openssl/remote_actor.hpp>
#include <caf/scoped_actor.hpp>

#include "system/node/system_config.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/supervised_echo.hpp"

using namespace lume;

namespace {

std::vector<double> measure(caf::scoped_actor& self, const caf::actor& target, int n) {
  std::vector<double> samples;
  samples.reserve(n);
  for (int i = 0; i < n + 1000; ++i) {
    auto t0 = bench::clock_type::now();
    self->request(target, std::chrono::seconds{5}, i)
      .receive([&](int) {
                 if (i >= 1000)
                   samples.push_back(bench::micros_since(t0));
               },
               [&](caf::error& err) {
                 std::fprintf(stderr, "request failed: %s\n", caf::to_string(err).c_str());
                 std::exit(1);
               });
  }
  return samples;
}

void print(const char* what, const std::vector<double>& samples) {
  auto s = bench::summarize(samples);
  std::printf("%-44s p50 %7.1f us   p99 %7.1f us   max %8.1f us\n", what, s.p50, s.p99, s.max);
}

/// The certificates of node `name` in `dir` (empty: plain BASP).
mesh_tls_config tls_of(const std::string& dir, const std::string& name) {
  if (dir.empty())
    return {};
  return {true, dir + "/ca.crt", dir + "/" + name + ".crt", dir + "/" + name + ".key", ""};
}

template <class Handle>
caf::expected<uint16_t> publish(caf::actor_system& sys, bool tls, const Handle& x) {
  if (tls)
    return caf::openssl::publish(x, 0, "127.0.0.1");
  return sys.middleman().publish(x, 0, "127.0.0.1");
}

caf::expected<caf::actor> remote(caf::actor_system& sys, bool tls, uint16_t port) {
  if (tls)
    return caf::openssl::remote_actor(sys, "127.0.0.1", port);
  return sys.middleman().remote_actor("127.0.0.1", port);
}

int serve(system_config& cfg, bool tls, int ready_fd) {
  caf::actor_system sys{cfg};
  bench::supervised_echo node{sys, 1};
  auto& entry = node.entry();
  auto bare = publish(sys, tls, entry.proxy->current());
  auto named = publish(sys, tls, entry.handle);
  if (!bare || !named)
    return 1;
  uint16_t ports[2] = {*bare, *named};
  if (write(ready_fd, ports, sizeof(ports)) != sizeof(ports))
    return 1;
  close(ready_fd);
  char c;
  while (read(STDIN_FILENO, &c, 1) > 0) {
    // Serve until the client closes our stdin.
  }
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 20000;
  std::vector<std::string> args;
  std::string tls_dir;
  for (int i = 2; i < argc; ++i)
    if (std::string arg = argv[i]; arg.rfind("--tls=", 0) == 0)
      tls_dir = arg.substr(6);
    else
      args.emplace_back(arg);
  bool tls = !tls_dir.empty();
  int ready[2];
  int keep[2];
  if (pipe(ready) != 0 || pipe(keep) != 0)
    return 1;
  auto child = fork();
  if (child == 0) {
    close(ready[0]);
    dup2(keep[0], STDIN_FILENO);
    close(keep[1]);
    system_config cfg;
    if (auto err = cfg.parse(args))
      return 2;
    if (tls && !cfg.use_mesh_tls(tls_of(tls_dir, "a")))
      return 2;
    return serve(cfg, tls, ready[1]);
  }
  close(ready[1]);
  close(keep[0]);
  uint16_t ports[2];
  if (read(ready[0], ports, sizeof(ports)) != sizeof(ports))
    return 1;
  system_config cfg;
  if (auto err = cfg.parse(args)) {
    std::fprintf(stderr, "bad options\n");
    return 2;
  }
  if (tls && !cfg.use_mesh_tls(tls_of(tls_dir, "b"))) {
    std::fprintf(stderr, "CAF's OpenSSL calls do not go through openssl_error_queue.cpp\n");
    return 2;
  }
  {
    caf::actor_system sys{cfg};
    auto bare = remote(sys, tls, ports[0]);
    auto remote_name = remote(sys, tls, ports[1]);
    if (!bare || !remote_name) {
      std::fprintf(stderr, "cannot connect: %s\n",
                   sys.render(bare ? remote_name.error() : bare.error()).c_str());
      return 1;
    }
    name_registry names{sys, 1024};
    auto local = names.declare("echo", "remote", "");
    local.proxy->bind_remote(*remote_name, "server");
    caf::scoped_actor self{sys};
    std::string opts;
    for (auto& x : args)
      opts += " " + x;
    std::printf("cross-node round trip on loopback, %d requests, %s%s\n", n,
                tls ? "BASP over TLS" : "plain BASP", opts.c_str());
    print("bare CAF remote actor (BASP)", measure(self, *bare, n));
    print("through LUME names on both nodes", measure(self, local.handle, n));
    auto same_node = sys.spawn([]() -> caf::behavior { return {[](int x) { return x; }}; });
    print("same node: a local echo actor", measure(self, same_node, n));
    caf::anon_send_exit(same_node, caf::exit_reason::user_shutdown);
  }
  close(keep[1]);
  waitpid(child, nullptr, 0);
  return 0;
}

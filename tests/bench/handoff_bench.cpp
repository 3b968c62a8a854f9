// lume-bench-handoff: what one thread hand-off costs on this box, without
// CAF. The floor under every figure of lume-bench-mesh-rtt:
//  - two threads of one process ping-pong through a condition variable
//    (2 wake-ups per round trip: how a sleeping CAF worker is woken);
//  - two processes ping-pong UDP datagrams on loopback, blocking in recv
//    (2 wake-ups and 2 loopback sends: what an I/O-in-the-scheduler runtime
//    such as Erlang's distribution pays at least).
// lume-bench-clock measures a single cold wake-up and what an idle CAF
// worker's 50 µs "moderate" poll really sleeps.
// usage: lume-bench-handoff [N]

#include <arpa/inet.h>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "tests/bench/bench_support.hpp"

using namespace lume;

namespace {

void print(const char* what, const std::vector<double>& samples) {
  auto s = bench::summarize(samples);
  std::printf("%-52s p50 %6.1f us   p99 %6.1f us   max %8.1f us\n", what, s.p50, s.p99, s.max);
}

std::vector<double> condvar_ping_pong(int n) {
  std::mutex mtx;
  std::condition_variable cv;
  bool ball_at_peer = false;
  std::thread peer{[&] {
    for (int i = 0; i < n; ++i) {
      std::unique_lock<std::mutex> guard{mtx};
      cv.wait(guard, [&] { return ball_at_peer; });
      ball_at_peer = false;
      cv.notify_all();
    }
  }};
  std::vector<double> samples;
  samples.reserve(n);
  for (int i = 0; i < n; ++i) {
    auto t0 = bench::clock_type::now();
    std::unique_lock<std::mutex> guard{mtx};
    ball_at_peer = true;
    cv.notify_all();
    cv.wait(guard, [&] { return !ball_at_peer; });
    samples.push_back(bench::micros_since(t0));
  }
  peer.join();
  return samples;
}

/// A UDP socket bound to an ephemeral loopback port.
int loopback_socket(sockaddr_in& addr) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0
      || getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::perror("loopback socket");
    std::exit(1);
  }
  return fd;
}

void connect_to(int fd, const sockaddr_in& addr) {
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    std::perror("connect");
    std::exit(1);
  }
}

std::vector<double> udp_ping_pong(int n) {
  sockaddr_in here;
  sockaddr_in there;
  int self = loopback_socket(here);
  int peer = loopback_socket(there);
  connect_to(self, there);
  connect_to(peer, here);
  auto child = fork();
  if (child == 0) {
    char ball[8];
    for (int i = 0; i < n; ++i)
      if (recv(peer, ball, sizeof(ball), 0) <= 0 || send(peer, ball, sizeof(ball), 0) <= 0)
        _exit(1);
    _exit(0);
  }
  std::vector<double> samples;
  samples.reserve(n);
  char ball[8] = {};
  for (int i = 0; i < n; ++i) {
    auto t0 = bench::clock_type::now();
    if (send(self, ball, sizeof(ball), 0) <= 0 || recv(self, ball, sizeof(ball), 0) <= 0) {
      std::perror("udp ping-pong");
      std::exit(1);
    }
    samples.push_back(bench::micros_since(t0));
  }
  waitpid(child, nullptr, 0);
  close(self);
  close(peer);
  return samples;
}

} // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 20000;
  std::printf("thread hand-offs on this box, %d samples each\n", n);
  print("condition variable ping-pong, 2 threads (2 wake-ups)", condvar_ping_pong(n));
  print("UDP ping-pong on loopback, 2 processes (2 wake-ups)", udp_ping_pong(n));
  return 0;
}

#define CAF_SUITE net.udp_sender
#include <caf/test/unit_test.hpp>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <variant>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/udp_sender.hpp"

using namespace lume::net;

namespace {

/// A loopback port nobody listens on (bound, read, closed).
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

} // namespace

CAF_TEST(a refused send says why) {
  // The connected socket hears the port-unreachable answer to its first
  // datagram; the kernel refuses the next send with ECONNREFUSED.
  auto opened = udp_sender::open("127.0.0.1:" + std::to_string(closed_port()));
  CAF_REQUIRE(std::holds_alternative<udp_sender>(opened));
  auto& socket = std::get<udp_sender>(opened);
  CAF_CHECK_EQUAL(socket.last_error(), 0);
  const char bytes[] = "cut";
  CAF_CHECK(socket.send(bytes, sizeof(bytes)));
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
    refused = !socket.send(bytes, sizeof(bytes));
  }
  CAF_REQUIRE(refused);
  CAF_CHECK_EQUAL(socket.last_error(), ECONNREFUSED);
  udp_sender moved = std::move(socket);
  CAF_CHECK_EQUAL(moved.last_error(), ECONNREFUSED);
}

CAF_TEST(an endpoint without a port is an error text) {
  auto opened = udp_sender::open("127.0.0.1");
  CAF_REQUIRE(std::holds_alternative<std::string>(opened));
  CAF_CHECK_EQUAL(std::get<std::string>(opened), "expected host:port, got '127.0.0.1'");
}

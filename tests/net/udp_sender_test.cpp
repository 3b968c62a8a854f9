#define CAF_SUITE net.udp_sender
#include <caf/test/unit_test.hpp>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <variant>

#include "net/udp_sender.hpp"
#include "tests/sensing/udp_listener.hpp"

using namespace lume::net;

namespace {

/// A loopback endpoint nobody listens on any more.
std::string closed_endpoint() {
  lume::test::udp_listener gone;
  return gone.endpoint();
}

} // namespace

CAF_TEST(a refused send says why) {
  // The connected socket hears the port-unreachable answer to its first
  // datagram; the kernel refuses the next send with ECONNREFUSED.
  auto opened = udp_sender::open(closed_endpoint());
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

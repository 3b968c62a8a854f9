#define CAF_SUITE system.listener_options
#include <caf/test/unit_test.hpp>

#include <chrono>

#include <caf/settings.hpp>

#include "system/config/listener_options.hpp"

using namespace lume;
using namespace std::chrono_literals;

namespace {

struct listener {
  std::string address = "unset";
  std::uint16_t port = 1;
};

std::string read(const caf::settings& o, address_family family, listener& out) {
  return read_listen_address(o, family, 9404, out.address, out.port);
}

} // namespace

CAF_TEST(address and port default to loopback and the port of the kind) {
  listener x;
  CAF_CHECK_EQUAL(read({}, address_family::ip, x), "");
  CAF_CHECK_EQUAL(x.address, "127.0.0.1");
  CAF_CHECK_EQUAL(x.port, 9404u);
  caf::settings o;
  caf::put(o, "address", "::1");
  caf::put(o, "port", int64_t{0});
  CAF_CHECK_EQUAL(read(o, address_family::ip, x), "");
  CAF_CHECK_EQUAL(x.address, "::1");
  CAF_CHECK_EQUAL(x.port, 0u);
}

CAF_TEST(a bad address or port is named) {
  listener x;
  caf::settings o;
  caf::put(o, "address", "::1");
  CAF_CHECK_EQUAL(read(o, address_family::ipv4, x), "option 'address': '::1' is no IPv4 address");
  caf::put(o, "address", "localhost");
  CAF_CHECK_EQUAL(read(o, address_family::ip, x), "option 'address': 'localhost' is no IP address");
  caf::put(o, "address", "0.0.0.0");
  caf::put(o, "port", int64_t{65536});
  CAF_CHECK_EQUAL(read(o, address_family::ipv4, x), "option 'port': expected 0..65535");
  caf::put(o, "port", int64_t{-1});
  CAF_CHECK_EQUAL(read(o, address_family::ip, x), "option 'port': expected 0..65535");
}

CAF_TEST(retry keeps its defaults and wants first <= max) {
  caf::timespan first = 500ms, max = 5s;
  CAF_CHECK_EQUAL(read_retry({}, first, max), "");
  CAF_CHECK(first == caf::timespan{500ms} && max == caf::timespan{5s});
  caf::settings o;
  caf::put(o, "retry", caf::timespan{0});
  CAF_CHECK_EQUAL(read_retry(o, first, max), "option 'retry': must be positive");
  caf::put(o, "retry", caf::timespan{2s});
  caf::put(o, "retry-max", caf::timespan{1s});
  CAF_CHECK_EQUAL(read_retry(o, first, max), "option 'retry-max': shorter than 'retry'");
}

CAF_TEST(a duration must be positive) {
  caf::timespan t = 1s;
  CAF_CHECK_EQUAL(read_positive_duration({}, "request-timeout", t), "");
  CAF_CHECK(t == caf::timespan{1s});
  caf::settings o;
  caf::put(o, "request-timeout", caf::timespan{-1ms});
  CAF_CHECK_EQUAL(read_positive_duration(o, "request-timeout", t),
                  "option 'request-timeout': expected a positive duration");
}

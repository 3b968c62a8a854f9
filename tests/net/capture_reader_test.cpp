#define CAF_SUITE net.capture_reader
#include <caf/test/unit_test.hpp>

#include "capture_reader.hpp"

using lume::net::test::capture;
using lume::net::test::parse_capture;

namespace {

const char* const two_records = "!mocopi-packet-capture 1\n"
                                "sender example.synthetic\n"
                                "listen 0.0.0.0:12351\n"
                                "\n"
                                "d 0.000000 0\n"
                                "\n"
                                "d 0.250000 18\n"
                                "  41 42 7c 00 ff 20 30 31 32 33 34 35 36 37 38 39  |AB|.. 0123456789|\n"
                                "  0a 7e                                            |.~|\n";

} // namespace

CAF_TEST(reads header properties and records) {
  auto parsed = parse_capture(two_records);
  CAF_REQUIRE(std::holds_alternative<capture>(parsed));
  const auto& c = std::get<capture>(parsed);
  CAF_CHECK_EQUAL(c.format, "mocopi-packet-capture");
  CAF_CHECK_EQUAL(c.version, 1);
  CAF_CHECK_EQUAL(c.properties.at("sender"), "example.synthetic");
  CAF_CHECK_EQUAL(c.properties.at("listen"), "0.0.0.0:12351");
  CAF_REQUIRE_EQUAL(c.datagrams.size(), 2u);
  CAF_CHECK_EQUAL(c.datagrams[0].bytes.size(), 0u);
  CAF_CHECK_EQUAL(c.datagrams[1].seconds, 0.25);
  CAF_REQUIRE_EQUAL(c.datagrams[1].bytes.size(), 18u);
  CAF_CHECK_EQUAL(c.datagrams[1].bytes[2], 0x7c);
  CAF_CHECK_EQUAL(c.datagrams[1].bytes[4], 0xff);
  CAF_CHECK_EQUAL(c.datagrams[1].bytes[17], 0x7e);
}

CAF_TEST(refuses a record shorter than its length) {
  auto parsed = parse_capture("!x 1\nd 0 3\n  01 02  |..|\n");
  CAF_CHECK(std::holds_alternative<std::string>(parsed));
}

CAF_TEST(refuses a record longer than its length) {
  auto parsed = parse_capture("!x 1\nd 0 1\n  01 02  |..|\n");
  CAF_CHECK(std::holds_alternative<std::string>(parsed));
}

CAF_TEST(refuses a gutter that disagrees with its bytes) {
  auto parsed = parse_capture("!x 1\nd 0 2\n  41 42  |AC|\n");
  CAF_CHECK(std::holds_alternative<std::string>(parsed));
}

CAF_TEST(refuses malformed hex and a missing format line) {
  CAF_CHECK(std::holds_alternative<std::string>(parse_capture("!x 1\nd 0 1\n  4g  |.|\n")));
  CAF_CHECK(std::holds_alternative<std::string>(parse_capture("d 0 0\n")));
}

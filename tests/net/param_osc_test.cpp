#define CAF_SUITE net.param_osc
#include <caf/test/unit_test.hpp>

#include <cstring>
#include <vector>

#include "liblo_dispatch.hpp"
#include "net/param_osc_encoder.hpp"

using namespace lume::net;
using namespace lume::net::test;

CAF_TEST(a single param message has the exact OSC bytes) {
  std::vector<std::uint8_t> out(64);
  const auto written = encode_param_message({"energy", 1.5f}, out.data(), out.size());
  CAF_REQUIRE(written);
  // "/lume/param/energy" (18 chars + NUL, padded to 20), ",f" padded to 4, big-endian 1.5f.
  const std::uint8_t expected[] = {'/', 'l', 'u', 'm', 'e', '/', 'p', 'a', 'r', 'a', 'm', '/',
                                   'e', 'n', 'e', 'r', 'g', 'y', 0,   0,   ',', 'f', 0,   0,
                                   0x3f, 0xc0, 0x00, 0x00};
  CAF_REQUIRE_EQUAL(written.size, sizeof expected);
  CAF_CHECK(std::memcmp(out.data(), expected, sizeof expected) == 0);
}

CAF_TEST(a param bundle carries one message per value) {
  std::vector<std::uint8_t> out(512);
  const std::vector<param_value> values{{"energy", 0.75f}, {"density", 0.25f}, {"tension", -1}};
  const auto written = encode_param_bundle(values, out.data(), out.size());
  CAF_REQUIRE(written);
  CAF_CHECK(std::memcmp(out.data(), "#bundle", 8) == 0);
  const auto messages = dispatch_with_liblo(out.data(), written.size);
  CAF_REQUIRE_EQUAL(messages.size(), 3u);
  CAF_CHECK_EQUAL(messages[0].address, "/lume/param/energy");
  CAF_CHECK_EQUAL(messages[0].types, "f");
  CAF_CHECK_EQUAL(messages[0].floats.at(0), 0.75f);
  CAF_CHECK_EQUAL(messages[1].address, "/lume/param/density");
  CAF_CHECK_EQUAL(messages[2].floats.at(0), -1.0f);
}

CAF_TEST(param encoders refuse bad names and empty lists and small buffers) {
  std::vector<std::uint8_t> out(512);
  CAF_CHECK(encode_param_message({"has space", 1}, out.data(), out.size()).error
            == encode_error::invalid_input);
  CAF_CHECK(encode_param_message({"", 1}, out.data(), out.size()).error
            == encode_error::invalid_input);
  CAF_CHECK(encode_param_bundle({{"ok", 1}, {"wild*card", 2}}, out.data(), out.size()).error
            == encode_error::invalid_input);
  CAF_CHECK(encode_param_bundle({}, out.data(), out.size()).error == encode_error::invalid_input);
  CAF_CHECK(encode_param_message({"energy", 1}, out.data(), 27).error
            == encode_error::buffer_too_small);
  CAF_CHECK(encode_param_bundle({{"energy", 1}}, out.data(), 40).error
            == encode_error::buffer_too_small);
  CAF_CHECK_EQUAL(param_address("brightness"), "/lume/param/brightness");
}

#define CAF_SUITE net.phone_motion_osc
#include <caf/test/unit_test.hpp>

#include <cmath>
#include <random>
#include <vector>

#include <lo/lo.h>

#include "liblo_dispatch.hpp"
#include "net/phone_motion_osc_decoder.hpp"
#include "net/phone_motion_osc_encoder.hpp"

using namespace lume::net;
using namespace lume::net::test;

namespace {

using bytes = std::vector<std::uint8_t>;

/// Serialises a message built with liblo, as a phone app would send it.
bytes serialise(const char* address, lo_message m) {
  std::size_t size = lo_message_length(m, address);
  bytes out(size);
  lo_message_serialise(m, address, out.data(), &size);
  lo_message_free(m);
  return out;
}

bytes vector_message(const char* address, float x, float y, float z) {
  lo_message m = lo_message_new();
  lo_message_add_float(m, x);
  lo_message_add_float(m, y);
  lo_message_add_float(m, z);
  return serialise(address, m);
}

/// A ZIG SIM-like bundle: several sensors, only some of them routed.
bytes zig_sim_bundle() {
  lo_bundle b = lo_bundle_new(LO_TT_IMMEDIATE);
  const char* device = "/8A3C-44F1";
  auto add = [&](const std::string& suffix, std::vector<float> values) {
    lo_message m = lo_message_new();
    for (float v : values)
      lo_message_add_float(m, v);
    lo_bundle_add_message(b, (device + suffix).c_str(), m);
  };
  add("/accel", {0.1f, -0.2f, 0.98f});
  add("/gyro", {0.5f, 0.0f, -0.5f});
  add("/quaternion", {0.0f, 0.0f, 0.7071f, 0.7071f});
  add("/compass", {120.0f, 1.0f});
  std::size_t size = lo_bundle_length(b);
  bytes out(size);
  lo_bundle_serialise(b, out.data(), &size);
  lo_bundle_free_recursive(b);
  return out;
}

std::string refusal_of(phone_motion_decoder& decoder, const bytes& d) {
  const auto result = decoder.decode(d.data(), d.size());
  if (const auto* r = std::get_if<phone_osc_refusal>(&result))
    return to_string(*r);
  return "decoded";
}

} // namespace

CAF_TEST(a ZIG SIM bundle decodes with the default routes) {
  phone_motion_decoder decoder;
  const auto d = zig_sim_bundle();
  const auto result = decoder.decode(d.data(), d.size());
  CAF_REQUIRE(std::holds_alternative<phone_motion>(result));
  const auto& m = std::get<phone_motion>(result);
  CAF_REQUIRE(m.acceleration && m.rotation_rate && m.attitude);
  CAF_CHECK_EQUAL(m.acceleration->z, 0.98f);
  CAF_CHECK_EQUAL(m.rotation_rate->x, 0.5f);
  CAF_CHECK_EQUAL(m.attitude->z, 0.7071f);
  CAF_CHECK_EQUAL(m.attitude->w, 0.7071f);
  CAF_CHECK_EQUAL(decoder.counters().decoded, 1u);
  CAF_CHECK_EQUAL(decoder.counters().unrouted_messages, 1u);
}

CAF_TEST(routes configure patterns and scale and quaternion order) {
  phone_motion_decoder decoder{{
    {"/gyrosc/accel", phone_motion_field::acceleration, 0.5f, quaternion_order::xyzw},
    {"/gyrosc/{quat,q}", phone_motion_field::attitude, 1, quaternion_order::wxyz},
  }};
  const auto accel = vector_message("/gyrosc/accel", 2, 4, -6);
  auto result = decoder.decode(accel.data(), accel.size());
  CAF_REQUIRE(std::holds_alternative<phone_motion>(result));
  const auto& a = std::get<phone_motion>(result);
  CAF_REQUIRE(a.acceleration.has_value());
  CAF_CHECK(!a.attitude.has_value());
  CAF_CHECK_EQUAL(a.acceleration->x, 1.0f);
  CAF_CHECK_EQUAL(a.acceleration->z, -3.0f);

  lo_message q = lo_message_new();
  lo_message_add_double(q, 0.5); // w first, as a double
  lo_message_add_float(q, 0.1f);
  lo_message_add_int32(q, 0);
  lo_message_add_float(q, 0.3f);
  const auto quat = serialise("/gyrosc/q", q);
  result = decoder.decode(quat.data(), quat.size());
  CAF_REQUIRE(std::holds_alternative<phone_motion>(result));
  const auto& att = std::get<phone_motion>(result).attitude;
  CAF_REQUIRE(att.has_value());
  CAF_CHECK_EQUAL(att->w, 0.5f);
  CAF_CHECK_EQUAL(att->x, 0.1f);
  CAF_CHECK_EQUAL(att->y, 0.0f);
  CAF_CHECK_EQUAL(att->z, 0.3f);
}

CAF_TEST(encoded phone motion decodes back and parses in liblo) {
  phone_motion motion;
  motion.acceleration = motion_vector{0.1f, 0.2f, 0.3f};
  motion.attitude = motion_quaternion{0.0f, 0.6f, 0.0f, 0.8f};
  bytes out(256);
  const auto written = encode_phone_motion(motion, phone_osc_addresses{}, out.data(), out.size());
  CAF_REQUIRE(written);
  out.resize(written.size);
  const auto messages = dispatch_with_liblo(out.data(), out.size());
  CAF_REQUIRE_EQUAL(messages.size(), 2u);
  CAF_CHECK_EQUAL(messages[0].address, "/lume-sim/accel");
  CAF_CHECK_EQUAL(messages[0].types, "fff");
  CAF_CHECK_EQUAL(messages[1].address, "/lume-sim/quaternion");
  CAF_CHECK_EQUAL(messages[1].types, "ffff");

  phone_motion_decoder decoder;
  const auto result = decoder.decode(out.data(), out.size());
  CAF_REQUIRE(std::holds_alternative<phone_motion>(result));
  const auto& m = std::get<phone_motion>(result);
  CAF_REQUIRE(m.acceleration && m.attitude);
  CAF_CHECK(!m.rotation_rate.has_value());
  CAF_CHECK_EQUAL(m.acceleration->y, 0.2f);
  CAF_CHECK_EQUAL(m.attitude->y, 0.6f);
  CAF_CHECK_EQUAL(m.attitude->w, 0.8f);
  CAF_CHECK(encode_phone_motion(phone_motion{}, phone_osc_addresses{}, out.data(), 256).error
            == encode_error::invalid_input);
  CAF_CHECK(encode_phone_motion(motion, phone_osc_addresses{}, out.data(), 20).error
            == encode_error::buffer_too_small);
}

CAF_TEST(nested bundles are unwrapped) {
  const auto inner = zig_sim_bundle();
  CAF_REQUIRE_LESS(inner.size(), 256u);
  bytes outer{'#', 'b', 'u', 'n', 'd', 'l', 'e', 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
  outer[19] = static_cast<std::uint8_t>(inner.size()); // big-endian element size
  outer.insert(outer.end(), inner.begin(), inner.end());
  phone_motion_decoder decoder;
  CAF_CHECK_EQUAL(refusal_of(decoder, outer), "decoded");
}

CAF_TEST(malformed and unroutable datagrams are refused and counted) {
  phone_motion_decoder decoder;
  CAF_CHECK_EQUAL(refusal_of(decoder, {}), "not_osc");
  CAF_CHECK_EQUAL(refusal_of(decoder, {'h', 'e', 'l', 'l', 'o'}), "not_osc");
  auto broken = zig_sim_bundle();
  broken[19] = 0xFF; // first element's size runs past the datagram
  CAF_CHECK_EQUAL(refusal_of(decoder, broken), "bad_bundle");
  auto cut = zig_sim_bundle();
  cut.resize(cut.size() - 4);
  CAF_CHECK_EQUAL(refusal_of(decoder, cut), "bad_bundle");
  CAF_CHECK_EQUAL(refusal_of(decoder, vector_message("/other/accel/x", 1, 2, 3)), "no_route");
  lo_message short_message = lo_message_new();
  lo_message_add_float(short_message, 1);
  lo_message_add_float(short_message, 2);
  CAF_CHECK_EQUAL(refusal_of(decoder, serialise("/dev/accel", short_message)), "bad_arguments");
  lo_message text = lo_message_new();
  lo_message_add_string(text, "x");
  lo_message_add_float(text, 2);
  lo_message_add_float(text, 3);
  CAF_CHECK_EQUAL(refusal_of(decoder, serialise("/dev/gyro", text)), "bad_arguments");
  CAF_CHECK_EQUAL(refusal_of(decoder, vector_message("/dev/accel", std::nanf(""), 0, 0)),
                  "bad_arguments");
  const auto& c = decoder.counters();
  CAF_CHECK_EQUAL(c.not_osc, 2u);
  CAF_CHECK_EQUAL(c.bad_bundle, 2u);
  CAF_CHECK_EQUAL(c.no_route, 1u);
  CAF_CHECK_EQUAL(c.bad_arguments, 3u);
  CAF_CHECK_EQUAL(c.decoded, 0u);
  CAF_CHECK_EQUAL(c.datagrams, 8u);
}

CAF_TEST(random bytes are always counted as decoded or refused) {
  phone_motion_decoder decoder;
  std::mt19937 random{7};
  const auto valid = zig_sim_bundle();
  for (int i = 0; i < 2000; ++i) {
    bytes d = valid;
    for (int flips = 0; flips < 4; ++flips)
      d[random() % d.size()] = static_cast<std::uint8_t>(random());
    d.resize(random() % (d.size() + 1));
    decoder.decode(d.data(), d.size());
  }
  const auto& c = decoder.counters();
  CAF_CHECK_EQUAL(c.datagrams, 2000u);
  CAF_CHECK_EQUAL(c.decoded + c.not_osc + c.bad_bundle + c.no_route + c.bad_arguments, 2000u);
}

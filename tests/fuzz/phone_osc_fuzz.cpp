// Fuzz target for phone OSC: every datagram of the input goes through the
// ZIG SIM decoder and through one with scaled, reordered and bracketed
// routes. Round trip asserted: the motion the ZIG SIM routes decode, encoded
// by the phone OSC encoder (as lume-sim sends it), decodes to the same motion.

#include <cstring>
#include <variant>
#include <vector>

#include "net/phone_motion_osc_decoder.hpp"
#include "net/phone_motion_osc_encoder.hpp"
#include "tests/fuzz/datagram_records.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume::net;

std::vector<phone_osc_route> other_routes() {
  return {
    {"/phone/acc[a-z]*", phone_motion_field::acceleration, 1 / 9.80665f, quaternion_order::xyzw},
    {"/phone/{gyro,rate}", phone_motion_field::rotation_rate, 0.0174533f, quaternion_order::xyzw},
    {"/*/q?at*", phone_motion_field::attitude, 1, quaternion_order::wxyz},
  };
}

template <class T>
bool same_bits(const std::optional<T>& a, const std::optional<T>& b) {
  if (a.has_value() != b.has_value())
    return false;
  return !a || std::memcmp(&*a, &*b, sizeof(T)) == 0;
}

void check_round_trip(const phone_motion& motion) {
  std::vector<std::uint8_t> out(512);
  const auto written = encode_phone_motion(motion, phone_osc_addresses{}, out.data(), out.size());
  FUZZ_CHECK(static_cast<bool>(written));
  phone_motion_decoder decoder;
  const auto again = decoder.decode(out.data(), written.size);
  const auto* back = std::get_if<phone_motion>(&again);
  FUZZ_CHECK(back != nullptr);
  FUZZ_CHECK(same_bits(back->acceleration, motion.acceleration));
  FUZZ_CHECK(same_bits(back->rotation_rate, motion.rotation_rate));
  FUZZ_CHECK(same_bits(back->attitude, motion.attitude));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<phone_osc_route> routes = other_routes();
  phone_motion_decoder zig_sim;
  phone_motion_decoder other{routes};
  for (const auto& datagram : lume::fuzz::split_records(data, size)) {
    const auto decoded = zig_sim.decode(datagram.data, datagram.size);
    if (const auto* motion = std::get_if<phone_motion>(&decoded)) {
      FUZZ_CHECK(motion->acceleration || motion->rotation_rate || motion->attitude);
      check_round_trip(*motion);
    }
    other.decode(datagram.data, datagram.size);
  }
  for (const auto* decoder : {&zig_sim, &other}) {
    const auto& c = decoder->counters();
    FUZZ_CHECK(c.decoded + c.not_osc + c.bad_bundle + c.no_route + c.bad_arguments
               == c.datagrams);
  }
  return 0;
}

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "net/encode_result.hpp"
#include "net/phone_motion.hpp"

namespace lume::net {

/// The addresses the encoder sends each field to. The defaults follow
/// ZIG SIM's layout (`/<device>/accel`, `/gyro`, `/quaternion`), so the
/// default decoder routes read them back.
struct phone_osc_addresses {
  std::string acceleration = "/lume-sim/accel";
  std::string rotation_rate = "/lume-sim/gyro";
  std::string attitude = "/lume-sim/quaternion";
};

/// Writes one OSC bundle (immediate time tag) with a message per present
/// field: `fff` vectors and an `ffff` quaternion in x y z w order.
/// invalid_input if `motion` has no field.
encode_result encode_phone_motion(const phone_motion& motion,
                                  const phone_osc_addresses& addresses, std::uint8_t* out,
                                  std::size_t capacity);

} // namespace lume::net

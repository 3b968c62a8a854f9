#include "net/phone_motion_osc_encoder.hpp"

#include <vector>

#include "net/osc_float_writer.hpp"

namespace lume::net {

namespace {

osc_float_message vector_message(const std::string& address, const motion_vector& v) {
  return {address, {v.x, v.y, v.z, 0}, 3};
}

} // namespace

encode_result encode_phone_motion(const phone_motion& motion,
                                  const phone_osc_addresses& addresses, std::uint8_t* out,
                                  std::size_t capacity) {
  std::vector<osc_float_message> messages;
  if (motion.acceleration)
    messages.push_back(vector_message(addresses.acceleration, *motion.acceleration));
  if (motion.rotation_rate)
    messages.push_back(vector_message(addresses.rotation_rate, *motion.rotation_rate));
  if (const auto& q = motion.attitude)
    messages.push_back({addresses.attitude, {q->x, q->y, q->z, q->w}, 4});
  return write_osc_bundle(messages, out, capacity);
}

} // namespace lume::net

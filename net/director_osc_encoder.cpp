#include "net/director_osc_encoder.hpp"

#include <limits>

#include <lo/lo.h>

namespace lume::net {

std::string director_address(const std::string& kind) {
  if (kind == "camera")
    return "/lume/cut";
  if (kind == "scene")
    return "/lume/scene";
  if (kind == "section")
    return "/lume/section";
  return {};
}

encode_result encode_director_message(const director_osc& cut, std::uint8_t* out,
                                      std::size_t capacity) {
  constexpr auto int_max = static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max());
  const auto address = director_address(cut.kind);
  if (address.empty() || cut.value.empty() || cut.epoch > int_max || cut.seq > int_max)
    return encode_failed(encode_error::invalid_input);
  lo_message m = lo_message_new();
  lo_message_add_string(m, cut.value.c_str());
  lo_message_add_int32(m, static_cast<std::int32_t>(cut.epoch));
  lo_message_add_int32(m, static_cast<std::int32_t>(cut.seq));
  lo_message_add_float(m, static_cast<float>(cut.at_beat));
  lo_message_add_string(m, cut.reason.c_str());
  std::size_t size = lo_message_length(m, address.c_str());
  if (size > capacity) {
    lo_message_free(m);
    return encode_failed(encode_error::buffer_too_small);
  }
  lo_message_serialise(m, address.c_str(), out, &size);
  lo_message_free(m);
  return encoded(size);
}

} // namespace lume::net

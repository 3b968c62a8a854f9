#include "net/param_osc_encoder.hpp"

#include <algorithm>

#include "net/osc_float_writer.hpp"

namespace lume::net {

namespace {

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
           || c == '-' || c == '.';
  });
}

osc_float_message to_message(const param_value& value) {
  return {param_address(value.name), {value.value, 0, 0, 0}, 1};
}

} // namespace

std::string param_address(const std::string& name) {
  return param_address_prefix + name;
}

encode_result encode_param_bundle(const std::vector<param_value>& values, std::uint8_t* out,
                                  std::size_t capacity) {
  std::vector<osc_float_message> messages;
  messages.reserve(values.size());
  for (const auto& value : values) {
    if (!valid_name(value.name))
      return encode_failed(encode_error::invalid_input);
    messages.push_back(to_message(value));
  }
  return write_osc_bundle(messages, out, capacity);
}

encode_result encode_param_message(const param_value& value, std::uint8_t* out,
                                   std::size_t capacity) {
  if (!valid_name(value.name))
    return encode_failed(encode_error::invalid_input);
  return write_osc_message(to_message(value), out, capacity);
}

} // namespace lume::net

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "net/encode_result.hpp"

/// The param mapper's OSC output: `/lume/param/<name> f`.
namespace lume::net {

inline constexpr char param_address_prefix[] = "/lume/param/";

/// One named parameter value.
struct param_value {
  std::string name; ///< letters, digits, '_', '-', '.'; not empty
  float value = 0;
};

/// The OSC address of parameter `name`: "/lume/param/<name>".
std::string param_address(const std::string& name);

/// Writes one OSC bundle (immediate time tag) holding `/lume/param/<name> f`
/// for every value. invalid_input for an empty list or an invalid name.
encode_result encode_param_bundle(const std::vector<param_value>& values, std::uint8_t* out,
                                  std::size_t capacity);

/// Writes the lone OSC message `/lume/param/<name> f`.
encode_result encode_param_message(const param_value& value, std::uint8_t* out,
                                   std::size_t capacity);

} // namespace lume::net

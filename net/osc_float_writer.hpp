#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "net/encode_result.hpp"

/// Serialises OSC messages whose arguments are all floats, through liblo.
namespace lume::net {

inline constexpr std::size_t osc_max_float_arguments = 4;

/// One OSC message: an address and 1..4 float arguments (type tag `f` each).
struct osc_float_message {
  std::string address;
  std::array<float, osc_max_float_arguments> values{};
  std::size_t count = 0;
};

/// Writes `message` as a lone OSC message. invalid_input for an address
/// without a leading '/' or an argument count outside 1..4.
encode_result write_osc_message(const osc_float_message& message, std::uint8_t* out,
                                std::size_t capacity);

/// Writes all `messages` in one OSC bundle with the immediate time tag.
/// invalid_input as for write_osc_message, or for an empty list.
encode_result write_osc_bundle(const std::vector<osc_float_message>& messages,
                               std::uint8_t* out, std::size_t capacity);

} // namespace lume::net

#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "net/director_osc_encoder.hpp"

namespace lume::test {

/// Reads a director OSC message with liblo (an implementation other than
/// the encoder's own use of it: lo_message_deserialise and the type tags);
/// nothing if it is not `/lume/cut|scene|section ,siifs`.
std::optional<net::director_osc> read_director_osc(const std::vector<std::uint8_t>& datagram);

} // namespace lume::test

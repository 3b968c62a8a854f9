#pragma once

#include <array>
#include <cstdint>

#include <boost/json/object.hpp>

#include "net/lum_payload_status.hpp"
#include "net/lum_reassembler.hpp"
#include "net/mocopi_stream.hpp"
#include "net/phone_motion_osc_decoder.hpp"

/// The decoders' counters as the `inspect` JSON of the sensors: outcomes at
/// the top level, every refusal reason (zeros included) under "refused".
namespace lume {

/// Refusals of decoded LUM payloads, by payload_status (index = status).
using payload_refusals = std::array<std::uint64_t, 7>;

boost::json::object to_json(const net::mocopi_counters& c);
boost::json::object to_json(const net::lum_reassembly_counters& c);
boost::json::object to_json(const net::phone_osc_counters& c);
boost::json::object to_json(const payload_refusals& c);

} // namespace lume

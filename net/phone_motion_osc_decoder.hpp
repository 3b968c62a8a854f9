#pragma once

#include <cstddef>
#include <cstdint>
#include <variant>
#include <vector>

#include "net/phone_motion.hpp"

namespace lume::net {

/// Why an OSC datagram yielded no phone motion. Each value has a counter of
/// the same name in phone_osc_counters.
enum class phone_osc_refusal : std::uint8_t {
  not_osc,       ///< neither a valid OSC message nor a bundle
  bad_bundle,    ///< a bundle whose framing or an element of which is invalid
  no_route,      ///< valid OSC, but no message matched a route
  bad_arguments, ///< a routed message with too few or non-numeric / non-finite arguments
};

const char* to_string(phone_osc_refusal reason);

struct phone_osc_counters {
  std::uint64_t datagrams = 0;
  std::uint64_t decoded = 0;           ///< datagrams that yielded motion
  std::uint64_t unrouted_messages = 0; ///< messages matching no route (ignored)
  std::uint64_t not_osc = 0;
  std::uint64_t bad_bundle = 0;
  std::uint64_t no_route = 0;
  std::uint64_t bad_arguments = 0;
};

/// Turns one OSC datagram (a message, or a bundle, possibly nested) into the
/// phone motion its routed messages carry. Decoding uses liblo
/// (lo_message_deserialise, lo_pattern_match); bundles are unwrapped here,
/// since liblo offers no bundle deserialiser outside its server. A routed
/// message with bad arguments refuses the whole datagram.
class phone_motion_decoder {
public:
  explicit phone_motion_decoder(std::vector<phone_osc_route> routes = zig_sim_routes());

  std::variant<phone_motion, phone_osc_refusal> decode(const std::uint8_t* data,
                                                       std::size_t size);

  const phone_osc_counters& counters() const { return counters_; }

private:
  std::vector<phone_osc_route> routes_;
  phone_osc_counters counters_;
};

} // namespace lume::net

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "net/encode_result.hpp"

/// The director's OSC output, one message per decision (docs/protocols.md):
///   /lume/cut     ,siifs  camera  epoch seq at_beat reason
///   /lume/scene   ,siifs  scene   epoch seq at_beat reason
///   /lume/section ,siifs  section epoch seq at_beat reason
/// `epoch` and `seq` are int32 (a consumer drops an epoch below the newest
/// and a repeated seq), `at_beat` the grid point on the Link timeline.
namespace lume::net {

/// One decision as it goes on the wire.
struct director_osc {
  /// "camera", "scene" or "section".
  std::string kind;
  std::string value;
  std::uint64_t epoch = 0;
  std::uint64_t seq = 0;
  double at_beat = 0;
  std::string reason;
};

/// The OSC address of a decision kind: "/lume/cut", "/lume/scene",
/// "/lume/section"; empty for an unknown kind.
std::string director_address(const std::string& kind);

/// Writes the lone OSC message of `cut`. invalid_input for an unknown kind,
/// an empty value, or an epoch or seq beyond int32.
encode_result encode_director_message(const director_osc& cut, std::uint8_t* out,
                                      std::size_t capacity);

} // namespace lume::net

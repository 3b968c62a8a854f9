#pragma once

#include <utility>

#include "actors/oscquery/oscquery_namespace.hpp"

namespace lume::fuzz {

/// An address space as an oscquery actor holds it once the mapper, the
/// director, the session and the clock have published: each kind of
/// method (rw and read-only, f, i and s, a RANGE of MIN/MAX and of VALS,
/// values known and not yet known).
inline oscquery_namespace oscquery_fixture() {
  oscquery_namespace space{{{"/", "LUME node"}, {"/lume", "LUME"}, {"/lume/param", "music params"}}};
  using access = oscquery_access;
  for (auto kind : {"camera", "scene", "section"})
    space.put({std::string{"/lume/director/"} + kind, 's', access::read_write, kind,
               std::string{"wide"}, std::nullopt, {}});
  space.put({"/lume/clock/tempo", 'f', access::read_write, "BPM", 120.0, std::make_pair(20.0, 999.0), {}});
  space.put({"/lume/clock/peers", 'i', access::read, "Link peers", 2.0, std::nullopt, {}});
  for (auto name : {"energy", "tension", "lift", "pan"})
    space.put({std::string{"/lume/param/"} + name, 'f', access::read_write, name, 0.5,
               std::nullopt, {}});
  space.put({"/lume/session/state", 's', access::read_write, "state", std::string{"playing"},
             std::nullopt, {"stopped", "playing", "paused"}});
  space.put({"/lume/session/song", 's', access::read_write, "song", {}, std::nullopt, {}});
  return space;
}

} // namespace lume::fuzz

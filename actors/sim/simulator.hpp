#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <caf/actor.hpp>
#include <caf/expected.hpp>

#include "actors/sensing/protocols.hpp"
#include "actors/sim/pacer.hpp"
#include "actors/sim/stream_source.hpp"
#include "actors/sim/udp_out.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct simulator_state {
  static inline const char* name = "simulator";

  std::shared_ptr<sim::stream_source> source;
  std::shared_ptr<sim::udp_out> out;
  std::string target;
  std::optional<sim::pacer> pacer;
  /// The next tick to emit.
  std::uint64_t next_tick = 0;
  std::uint64_t ticks = 0;
  /// Ticks given up after a stall longer than sim::max_lateness_ms.
  std::uint64_t skipped = 0;
};

using simulator_self = simulator_actor::stateful_pointer<simulator_state>;

/// Runs a simulated sensor stream in real time on CAF timers: at each due
/// tick the source's datagrams go to `out`; a stall skips the missed ticks
/// as a real sensor would.
simulator_actor::behavior_type simulator(simulator_self self,
                                         std::shared_ptr<sim::stream_source> source,
                                         std::shared_ptr<sim::udp_out> out, std::string target);

/// Opens `target` ("host:port") and spawns a detached simulator of
/// `source` (its own thread: rendering depth frames must not hold up the
/// node's scheduler).
caf::expected<caf::actor> spawn_simulator(caf::actor_system& sys, const child_spec& spec,
                                          const std::string& target,
                                          std::shared_ptr<sim::stream_source> source);

} // namespace lume

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/config_option_set.hpp>
#include <caf/expected.hpp>
#include <caf/settings.hpp>

#include "actors/sensing/protocols.hpp"
#include "actors/sensors/sensor_input.hpp"
#include "actors/sensors/sensor_output.hpp"
#include "actors/sensors/sensor_source.hpp"
#include "actors/sensors/udp_receiver.hpp"
#include "net/lum_header.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct sensor_state {
  static inline const char* name = "sensor";

  std::string kind;
  std::shared_ptr<sensor_input> input;
  /// Declared last: destroyed first, so its thread stops before the input goes.
  std::shared_ptr<sensor_source> source;
};

using sensor_self = sensor_actor::stateful_pointer<sensor_state>;

/// The behavior of every sensor kind: owns the thread of `source`, which
/// feeds `input`, and answers `inspect` with both sides' counters.
sensor_actor::behavior_type sensor(sensor_self self, std::string kind,
                                   std::shared_ptr<sensor_input> input,
                                   std::shared_ptr<sensor_source> source);

/// Options every UDP sensor reads.
struct udp_sensor_options {
  udp_receiver_config socket;
  std::vector<std::string> subscribers;
  /// `host:port` for a LUM copy of the decoded stream; empty for none.
  std::string republish;
};

/// Adds `address`, `port`, `subscribers` and `republish` (if the kind
/// republishes) to a kind's options.
void add_udp_sensor_options(caf::config_option_set& options, std::uint16_t default_port,
                            bool republishes);

/// Reads the options of `spec`; an error text for a port outside 0..65535.
std::variant<udp_sensor_options, std::string>
read_udp_sensor_options(const child_spec& spec, std::uint16_t default_port);

/// Makes the output of sensor `spec.name`: subscribers, latency hops and,
/// if configured, a republisher of `kind`.
std::variant<sensor_output, std::string>
make_sensor_output(const node_context& ctx, const child_spec& spec,
                   const udp_sensor_options& options, net::lum_kind kind, bool capture_time);

/// Opens the socket that feeds `input` and spawns the sensor actor.
caf::expected<caf::actor> spawn_udp_sensor(caf::actor_system& sys, const child_spec& spec,
                                           const udp_sensor_options& options,
                                           std::shared_ptr<sensor_input> input);

} // namespace lume

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/config_option_set.hpp>
#include <caf/expected.hpp>
#include <caf/settings.hpp>
#include <spdlog/logger.h>

#include "actors/sensing/protocols.hpp"
#include "actors/sensors/datagram_recorder.hpp"
#include "actors/sensors/retry_policy.hpp"
#include "actors/sensors/sensor_input.hpp"
#include "actors/sensors/sensor_output.hpp"
#include "actors/sensors/sensor_source.hpp"
#include "actors/sensors/udp_receiver.hpp"
#include "net/lum_header.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

/// What a sensor is made of: its names, its decoder and how to open its source.
struct sensor_setup {
  std::string name;
  std::string kind;
  std::shared_ptr<sensor_input> input;
  source_opener open;
  retry_policy retry;
  /// Records the source's raw datagrams on the session's `record`; null for
  /// a source that has no datagrams (ALSA).
  std::shared_ptr<datagram_recorder> recorder;
};

struct sensor_state {
  static inline const char* name = "sensor";

  sensor_setup setup;
  /// Opening attempts of this incarnation, the successful one included.
  std::uint64_t attempts = 0;
  /// Why the last attempt failed; empty if none did.
  std::string last_error;
  /// The wait before the pending attempt while the source is missing.
  caf::timespan retry_in{};
  std::shared_ptr<spdlog::logger> log;
  /// Declared last: destroyed first, so its thread stops before the input goes.
  std::unique_ptr<sensor_source> source;
};

using sensor_self = sensor_actor::stateful_pointer<sensor_state>;

/// The behavior of every sensor kind: opens its source, which feeds the
/// input on its own thread, and answers `inspect` with both sides'
/// counters. While the source cannot be opened the sensor is `waiting`: it
/// tries again on the retry policy's schedule (CAF timers), warns once and
/// says once when the source is there. A running source that reports its
/// device lost fails the sensor (ec::source_lost), for its supervisor.
sensor_actor::behavior_type sensor(sensor_self self, sensor_setup setup);

/// Spawns a sensor of `spec` (name and kind) over `input` and `open`;
/// `recorder` is the one the source feeds, if any.
caf::actor spawn_sensor(caf::actor_system& sys, const child_spec& spec,
                        std::shared_ptr<sensor_input> input, source_opener open,
                        retry_policy retry,
                        std::shared_ptr<datagram_recorder> recorder = nullptr);

/// Options every UDP sensor reads.
struct udp_sensor_options {
  udp_receiver_config socket;
  std::vector<std::string> subscribers;
  /// `host:port` for a LUM copy of the decoded stream; empty for none.
  std::string republish;
  retry_policy retry;
};

/// Adds `address`, `port`, `subscribers`, `retry`, `retry-max` and
/// `republish` (if the kind republishes) to a kind's options.
void add_udp_sensor_options(caf::config_option_set& options, std::uint16_t default_port,
                            bool republishes);

/// Reads the options of `spec`; an error text for an address that is no
/// IPv4 address, a port outside 0..65535 or a retry that is not positive
/// (or above `retry-max`).
std::variant<udp_sensor_options, std::string>
read_udp_sensor_options(const child_spec& spec, std::uint16_t default_port);

/// Makes the output of sensor `spec.name`: subscribers, latency hops and,
/// if configured, a republisher of `kind`.
std::variant<sensor_output, std::string>
make_sensor_output(const node_context& ctx, const child_spec& spec,
                   const udp_sensor_options& options, net::lum_kind kind, bool capture_time);

/// Spawns a sensor whose source is the UDP socket of `options`; its
/// datagrams can be recorded.
caf::actor spawn_udp_sensor(caf::actor_system& sys, const child_spec& spec,
                                           const udp_sensor_options& options,
                                           std::shared_ptr<sensor_input> input);

} // namespace lume

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <spdlog/logger.h>

#include "actors/oscquery/osc_input.hpp"
#include "actors/oscquery/oscquery_namespace.hpp"
#include "actors/sensors/retry_policy.hpp"
#include "actors/sensors/udp_receiver.hpp"
#include "actors/show/protocols.hpp"
#include "net/http/server.hpp"
#include "system/node/kind_catalog.hpp"
#include "system/node/node_context.hpp"

namespace lume {

/// The oscquery actor's settings, validated.
struct oscquery_config {
  /// HTTP and WebSocket (the hub "/"): the address and port clients query.
  net::http::server_config server;
  /// OSC in over UDP, on the same address.
  std::uint16_t osc_port = 9421;
  /// HOST_INFO's NAME.
  std::string name;
  /// Where writes go.
  std::string mapper = "mapper";
  std::string director = "director";
  std::string session = "session";
  /// How long a write waits for the director's or session's answer.
  caf::timespan request_timeout = std::chrono::seconds{1};
  retry_policy retry;
};

struct oscquery_state {
  static inline const char* name = "oscquery";

  std::shared_ptr<const node_context> ctx;
  oscquery_config config;
  std::shared_ptr<spdlog::logger> log;
  oscquery_namespace space;
  /// Null while the ports are taken; both open while listening.
  std::unique_ptr<net::http::server> server;
  std::shared_ptr<osc_input> input;
  std::unique_ptr<udp_receiver> udp;
  std::uint64_t attempts = 0;
  std::string last_error;
  /// WebSocket clients and the paths each LISTENs to.
  std::map<std::uint64_t, std::set<std::string>> clients;
  /// Writes that reached their target, by target ("mapper", "director", ...).
  std::map<std::string, std::uint64_t> writes;
  /// Refused writes, queries and commands by reason.
  std::map<std::string, std::uint64_t> refused;
  std::uint64_t frames_sent = 0;
  std::uint64_t paths_added = 0;
  std::uint64_t paths_removed = 0;
};

using oscquery_self = oscquery_actor::stateful_pointer<oscquery_state>;

/// Serves the node's OSCQuery namespace (docs/protocols.md, "OSCQuery"):
/// `/lume/param/*` (mapper, read-write), `/lume/director/{camera,scene,section}`
/// (read-write), `/lume/session/{song,state}` (read-write, once the session
/// spoke) and `/lume/clock/{tempo,peers}` over HTTP, LISTEN streams as
/// binary OSC frames, OSC writes on `osc-port`.
oscquery_actor::behavior_type oscquery(oscquery_self self, std::shared_ptr<const node_context> ctx,
                                       oscquery_config config);

/// The `oscquery` kind: options `address` (127.0.0.1), `port` (9420),
/// `osc-port` (9421), `name`, `mapper`, `director`, `session`,
/// `max-connections`, `queue`, `request-timeout`, `retry`, `retry-max`.
actor_kind oscquery_kind();

} // namespace lume

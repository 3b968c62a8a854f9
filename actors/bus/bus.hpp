#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor_clock.hpp>
#include <spdlog/logger.h>

#include "actors/bus/mesh_json.hpp"
#include "actors/sensing/subscribers.hpp"
#include "actors/sensors/retry_policy.hpp"
#include "actors/show/protocols.hpp"
#include "net/http/server.hpp"
#include "system/inspect/inspector.hpp"
#include "system/node/kind_catalog.hpp"
#include "system/node/node_context.hpp"

namespace lume {

/// The bus's settings, validated.
struct bus_config {
  /// Also the bearer token of the POST endpoints (`server.token`; empty
  /// refuses them) and whether reads are open (`server.open_reads`).
  net::http::server_config server;
  /// Names that receive the phone_motion of POST /echelon.
  std::vector<std::string> subscribers;
  /// Names that receive the feature_vector of POST /echelon.
  std::vector<std::string> feature_subscribers;
  /// Where POST /cue sends session commands and director overrides.
  std::string session = "session";
  std::string director = "director";
  /// How long /cue and /state wait for the actors they ask.
  caf::timespan request_timeout = std::chrono::seconds{1};
  /// How often /ws/clock gets the clock (besides every clock change).
  caf::timespan clock_period = std::chrono::milliseconds{100};
  /// How often /ws/mesh asks the inspector (while the hub has clients).
  caf::timespan mesh_period = std::chrono::milliseconds{500};
  /// How long POST /command and the /ws/mesh poll wait for the inspector
  /// (a move or a peer that went away takes longer than a cue).
  caf::timespan command_timeout = std::chrono::seconds{5};
  /// How often it tries again to listen while the port is taken.
  retry_policy retry;
  /// Static folders that are not there (a config copied elsewhere): warned
  /// about at start and shown by `inspect bus`; their paths answer 404.
  std::vector<std::string> missing_static;
};

/// The WebSocket paths, in the order of `hub_paths()`.
enum class hub : std::size_t { params, cuts, features, clock, skeleton, session, visuals, mesh };

/// "/ws/params", "/ws/cuts", ... indexed by `hub`.
const std::vector<std::string>& hub_paths();

struct bus_state {
  static inline const char* name = "bus";

  std::shared_ptr<const node_context> ctx;
  bus_config config;
  /// Null while waiting for the address and port; closed (its thread
  /// joined) when the actor exits.
  std::unique_ptr<net::http::server> server;
  /// Listening attempts that failed in a row, the last error, the wait.
  std::uint64_t attempts = 0;
  std::string last_error;
  caf::timespan retry_in{0};
  std::shared_ptr<spdlog::logger> log;
  std::optional<subscriber_list> subscribers;
  std::optional<subscriber_list> feature_subscribers;
  /// An inspector of the bus's own for GET /state (same commands, same node).
  inspector_actor inspector;
  // The latest of each, for GET /state.
  std::optional<music_params> params;
  std::map<std::string, feature_vector> features;
  std::optional<session_state> session;
  std::deque<director_cut> cuts;
  std::optional<styled_frame> visuals;
  /// The last /ws/mesh message without `sent_us` (empty: publish the next
  /// one whatever it is), and the counts its rates come from.
  std::string mesh_last;
  mesh_counts mesh_received;
  std::uint64_t mesh_polls = 0;
  std::uint64_t mesh_published = 0;
  std::uint64_t commands_run = 0;
  /// Counters of the actor's own refusals by reason (the server counts its own).
  std::map<std::string, std::uint64_t> refusals;
  std::uint64_t echelon_accepted = 0;
  std::uint64_t cues_forwarded = 0;
  std::uint64_t stale_cuts = 0;
  std::uint64_t stale_sessions = 0;
  std::uint64_t bad_skeletons = 0;
};

using bus_self = bus_actor::stateful_pointer<bus_state>;

/// Serves the show over HTTP and WebSocket (docs/protocols.md, "Bus"). An
/// address and port that cannot be bound yet (taken by another process)
/// leave the bus up in state `waiting`, trying again as a sensor does
/// (`retry`, doubling up to `retry-max`); hub messages are dropped meanwhile.
bus_actor::behavior_type bus(bus_self self, std::shared_ptr<const node_context> ctx,
                             bus_config config);

/// The `bus` kind: options `address` (127.0.0.1), `port` (9404), `token`,
/// `open-reads`, `static` (URL prefix → folder, relative to the config
/// file's folder), `index`, `subscribers`, `feature-subscribers`, `session`,
/// `director`, the limits (`max-header`, `max-body`, `max-connections`,
/// `max-connections-per-address`, `rate`, `burst`, `header-timeout`,
/// `body-timeout`, `ws-max-message`, `ws-rate`, `ws-burst`, `queue`,
/// `slow-timeout`, `warn-interval`), `request-timeout`, `clock-rate`,
/// `mesh-period`, `command-timeout`, `retry`, `retry-max`.
actor_kind bus_kind();

} // namespace lume

#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>

#include "actors/oscquery/oscquery.hpp"
#include "system/config/listener_options.hpp"
#include "system/errors.hpp"

namespace lume {

namespace {

/// Reads the options into `config`; an error text names the option.
std::string read_options(const child_spec& spec, const node_context& ctx, oscquery_config& config) {
  auto& o = spec.options;
  auto& server = config.server;
  // The OSC receiver binds IPv4 only.
  if (auto err = read_listen_address(o, address_family::ipv4, 9420, server.address, server.port);
      !err.empty())
    return err;
  auto osc_port = caf::get_or(o, "osc-port", int64_t{9421});
  if (osc_port < 1 || osc_port > 65535)
    return "option 'osc-port': expected 1..65535";
  config.osc_port = static_cast<std::uint16_t>(osc_port);
  config.name = caf::get_or(o, "name", "lume-" + ctx.config.node);
  config.mapper = caf::get_or(o, "mapper", std::string{"mapper"});
  config.director = caf::get_or(o, "director", std::string{"director"});
  config.session = caf::get_or(o, "session", std::string{"session"});
  auto max_connections = caf::get_or(o, "max-connections", int64_t{32});
  if (max_connections < 1 || max_connections > 10000)
    return "option 'max-connections': expected 1..10000";
  server.limits.max_connections = static_cast<std::size_t>(max_connections);
  auto queue = caf::get_or(o, "queue", int64_t{256});
  if (queue < 1 || queue > 4096)
    return "option 'queue': expected 1..4096 messages";
  server.limits.queue = static_cast<std::size_t>(queue);
  // A show-control client sends LISTEN for every path of the namespace at
  // once: its WebSocket may send far more than a bus client's (the bus's 20/s).
  server.limits.ws_rate = 200;
  server.limits.ws_burst = 1000;
  if (auto err = read_positive_duration(o, "request-timeout", config.request_timeout); !err.empty())
    return err;
  if (auto err = read_retry(o, config.retry.first, config.retry.max); !err.empty())
    return err;
  // OSCQuery asks GET on any path (with ?ATTRIBUTE); WebSocket clients come to "/".
  server.hubs = {"/"};
  server.routes = {{"/", "GET", true}};
  return {};
}

} // namespace

actor_kind oscquery_kind() {
  actor_kind kind;
  kind.name = "oscquery";
  kind.summary = "OSCQuery :9420 (HTTP JSON, WebSocket LISTEN) and OSC in :9421 for show control";
  caf::config_option_adder options{kind.options, "options"};
  options.add<std::string>("address", "IPv4 address of HTTP, WebSocket and OSC (default 127.0.0.1)")
    .add<int64_t>("port", "TCP port of HTTP and WebSocket (default 9420; 0 takes a free one)")
    .add<int64_t>("osc-port", "UDP port OSC writes come to (default 9421)")
    .add<std::string>("name", "NAME in HOST_INFO (default lume-NODE)")
    .add<std::string>("mapper", "name param writes go to as music_params (default mapper)")
    .add<std::string>("director", "name director writes go to as director_cue (default director)")
    .add<std::string>("session", "name session writes go to as session_command (default session)")
    .add<int64_t>("max-connections", "open connections at most (default 32)")
    .add<int64_t>("queue", "frames waiting per WebSocket client (default 256)")
    .add<caf::timespan>("request-timeout", "how long a write waits for director or session (1s)");
  add_listen_retry_options(options);
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    oscquery_config config;
    if (auto err = read_options(spec, *ctx, config); !err.empty())
      return make_error(ec::spawn_failed, spec.name + ": " + err);
    return caf::actor_cast<caf::actor>(sys.spawn(oscquery, ctx, std::move(config)));
  };
  return kind;
}

} // namespace lume

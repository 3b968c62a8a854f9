#include <arpa/inet.h>

#include <filesystem>

#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>

#include "actors/bus/bus.hpp"
#include "actors/sensing/config_any.hpp"
#include "system/errors.hpp"

namespace lume {

namespace {

/// `/` of the bus without an `index` option: a small page linking what it serves.
std::string index_page(const std::vector<net::http::static_mount>& mounts) {
  std::string links;
  for (auto& m : mounts)
    links += "<li><a href=\"" + m.prefix + "\">" + m.prefix + "</a></li>";
  return "<!doctype html><meta charset=\"utf-8\"><title>LUME bus</title><h1>LUME bus</h1><ul>" +
         links + "<li><a href=\"/state\">/state</a></li></ul>";
}

/// Reads the options into `config`; an error text names the option.
std::string read_options(const child_spec& spec, const node_context& ctx, bus_config& config) {
  auto& o = spec.options;
  auto& server = config.server;
  server.address = caf::get_or(o, "address", std::string{"127.0.0.1"});
  unsigned char ip[16];
  if (::inet_pton(AF_INET, server.address.c_str(), ip) != 1 &&
      ::inet_pton(AF_INET6, server.address.c_str(), ip) != 1)
    return "option 'address': '" + server.address + "' is no IP address";
  auto port = caf::get_or(o, "port", int64_t{9404});
  if (port < 0 || port > 65535)
    return "option 'port': expected 0..65535";
  server.port = static_cast<std::uint16_t>(port);
  config.token = caf::get_or(o, "token", std::string{});
  config.subscribers = caf::get_or(o, "subscribers", std::vector<std::string>{});
  config.feature_subscribers =
    caf::get_or(o, "feature-subscribers", std::vector<std::string>{});
  config.session = caf::get_or(o, "session", std::string{"session"});
  config.director = caf::get_or(o, "director", std::string{"director"});
  auto max_body = caf::get_or(o, "max-body", int64_t{64 * 1024});
  if (max_body < 1 || max_body > 16 * 1024 * 1024)
    return "option 'max-body': expected 1..16777216 bytes";
  server.limits.max_body = static_cast<std::size_t>(max_body);
  auto max_connections = caf::get_or(o, "max-connections", int64_t{128});
  if (max_connections < 1 || max_connections > 10000)
    return "option 'max-connections': expected 1..10000";
  server.limits.max_connections = static_cast<std::size_t>(max_connections);
  auto queue = caf::get_or(o, "queue", int64_t{16});
  if (queue < 1 || queue > 4096)
    return "option 'queue': expected 1..4096 messages";
  server.limits.queue = static_cast<std::size_t>(queue);
  auto slow = caf::get_or(o, "slow-timeout", caf::timespan{std::chrono::seconds{2}});
  if (slow <= caf::timespan{0})
    return "option 'slow-timeout': expected a positive duration";
  server.limits.slow_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(slow);
  config.request_timeout = caf::get_or(o, "request-timeout", caf::timespan{std::chrono::seconds{1}});
  if (config.request_timeout <= caf::timespan{0})
    return "option 'request-timeout': expected a positive duration";
  auto clock_rate = caf::get_or(o, "clock-rate", int64_t{10});
  if (clock_rate < 1 || clock_rate > 100)
    return "option 'clock-rate': expected 1..100 Hz";
  config.clock_period = std::chrono::microseconds{1'000'000 / clock_rate};
  config.mesh_period = caf::get_or(o, "mesh-period", config.mesh_period);
  if (config.mesh_period < std::chrono::milliseconds{50})
    return "option 'mesh-period': expected 50ms or more";
  config.command_timeout = caf::get_or(o, "command-timeout", config.command_timeout);
  if (config.command_timeout <= caf::timespan{0})
    return "option 'command-timeout': expected a positive duration";
  config.retry.first = caf::get_or(o, "retry", config.retry.first);
  config.retry.max = caf::get_or(o, "retry-max", config.retry.max);
  if (config.retry.first <= caf::timespan::zero())
    return "option 'retry': must be positive";
  if (config.retry.max < config.retry.first)
    return "option 'retry-max': shorter than 'retry'";
  if (o.contains("static") && !caf::get_if<caf::settings>(&o, "static"))
    return "option 'static': expected { PREFIX = \"FOLDER\", ... }";
  // Relative folders are relative to the config file's folder.
  auto base = std::filesystem::path{ctx.config.file}.parent_path();
  for (auto& [key, value] : caf::get_or(o, "static", caf::settings{})) {
    auto folder = caf::get_if<std::string>(&value);
    if (!folder)
      return "option 'static." + key + "': expected a folder name";
    std::filesystem::path path{*folder};
    if (path.is_relative())
      path = base / path;
    std::error_code err;
    if (std::filesystem::is_directory(path, err))
      server.mounts.push_back({"/" + key, path.lexically_normal().string()});
    else
      config.missing_static.push_back(ctx.config.file + ": option 'static." + key +
                                      "': no folder " + path.lexically_normal().string());
  }
  server.index_path = caf::get_or(o, "index", std::string{});
  if (!server.index_path.empty() && server.index_path.front() != '/')
    return "option 'index': expected a static path such as \"/dashboard\"";
  server.hubs = hub_paths();
  server.routes = {{"/echelon", "POST"}, {"/cue", "POST"},           {"/command", "POST"},
                   {"/state", "GET"},     {"/visuals/latest", "GET"}};
  server.index_html = index_page(server.mounts);
  return {};
}

} // namespace

actor_kind bus_kind() {
  actor_kind kind;
  kind.name = "bus";
  kind.summary = "HTTP and WebSocket :9404: POST /echelon, /cue and /command, GET /state, hubs, the dashboard and stage view";
  caf::config_option_adder{kind.options, "options"}
    .add<std::string>("address", "IP address to listen on (default 127.0.0.1)")
    .add<int64_t>("port", "TCP port (default 9404; 0 takes a free one)")
    .add<std::string>("token", "bearer token the POST endpoints require (empty: refused)")
    .add<caf::config_value>("static", "{ PREFIX = \"FOLDER\" }: folders served at /PREFIX")
    .add<std::vector<std::string>>("subscribers", "names that receive POST /echelon's phone_motion")
    .add<std::vector<std::string>>("feature-subscribers",
                                   "names that receive POST /echelon's feature_vector")
    .add<std::string>("session", "name POST /cue sends session commands to (default session)")
    .add<std::string>("director", "name POST /cue sends overrides to (default director)")
    .add<int64_t>("max-body", "largest request body, bytes (default 65536)")
    .add<int64_t>("max-connections", "open connections at most (default 128)")
    .add<int64_t>("queue", "messages waiting per WebSocket client (default 16)")
    .add<caf::timespan>("slow-timeout", "disconnects a client whose write stalls this long (2s)")
    .add<caf::timespan>("request-timeout", "how long /cue and /state wait for actors (1s)")
    .add<int64_t>("clock-rate", "pushes to /ws/clock per second (default 10)")
    .add<caf::timespan>("mesh-period", "how often /ws/mesh asks the inspector (500ms)")
    .add<caf::timespan>("command-timeout", "how long POST /command and /ws/mesh wait (5s)")
    .add<std::string>("index", "static path served at / (e.g. /dashboard; default: a link list)")
    .add<caf::timespan>("retry", "first wait before listening again on a taken port (500ms)")
    .add<caf::timespan>("retry-max", "longest wait between listening attempts (5s)");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto fail = [&](const std::string& what) {
      return make_error(ec::spawn_failed, spec.name + ": " + what);
    };
    bus_config config;
    if (auto err = read_options(spec, *ctx, config); !err.empty())
      return fail(err);
    return caf::actor_cast<caf::actor>(sys.spawn(bus, ctx, std::move(config)));
  };
  return kind;
}

} // namespace lume

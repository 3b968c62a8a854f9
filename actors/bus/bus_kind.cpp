#include <filesystem>

#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>

#include "actors/bus/bus.hpp"
#include "actors/sensing/config_any.hpp"
#include "system/config/listener_options.hpp"
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

/// Reads a whole number option in [low, high] into `out`; an error names it.
template <class T>
std::string read_count(const caf::settings& o, const char* key, T& out, int64_t low,
                       int64_t high, const char* unit) {
  auto x = caf::get_or(o, key, static_cast<int64_t>(out));
  if (x < low || x > high)
    return std::string{"option '"} + key + "': expected " + std::to_string(low) + ".." +
           std::to_string(high) + " " + unit;
  out = static_cast<T>(x);
  return {};
}

/// Reads a positive duration option into `out` (milliseconds).
std::string read_duration(const caf::settings& o, const char* key, std::chrono::milliseconds& out) {
  auto x = caf::get_or(o, key, caf::timespan{out});
  if (x <= caf::timespan{0})
    return std::string{"option '"} + key + "': expected a positive duration";
  out = std::chrono::duration_cast<std::chrono::milliseconds>(x);
  if (out.count() == 0)
    out = std::chrono::milliseconds{1};
  return {};
}

/// Reads what one client may cost (docs/protocols.md, "Bus limits").
std::string read_limits(const caf::settings& o, net::http::server_limits& limits) {
  std::string err;
  auto first = [&err](std::string e) {
    if (err.empty())
      err = std::move(e);
  };
  first(read_count(o, "max-header", limits.max_header, 1024, 1024 * 1024, "bytes"));
  first(read_count(o, "max-body", limits.max_body, 1, 16 * 1024 * 1024, "bytes"));
  first(read_count(o, "max-connections", limits.max_connections, 1, 10000, "connections"));
  first(read_count(o, "max-connections-per-address", limits.max_connections_per_address, 1,
                   10000, "connections"));
  first(read_count(o, "rate", limits.rate, 1, 1000000, "requests per second"));
  first(read_count(o, "burst", limits.burst, 1, 1000000, "requests"));
  first(read_duration(o, "header-timeout", limits.header_timeout));
  first(read_duration(o, "body-timeout", limits.body_timeout));
  first(read_count(o, "ws-max-message", limits.ws_max_message, 16, 1024 * 1024, "bytes"));
  first(read_count(o, "ws-rate", limits.ws_rate, 1, 100000, "messages per second"));
  first(read_count(o, "ws-burst", limits.ws_burst, 1, 100000, "messages"));
  first(read_count(o, "queue", limits.queue, 1, 4096, "messages"));
  first(read_duration(o, "slow-timeout", limits.slow_timeout));
  first(read_duration(o, "warn-interval", limits.warn_interval));
  return err;
}

/// Reads the options into `config`; an error text names the option.
std::string read_options(const child_spec& spec, const node_context& ctx, bus_config& config) {
  auto& o = spec.options;
  auto& server = config.server;
  if (auto err = read_listen_address(o, address_family::ip, 9404, server.address, server.port);
      !err.empty())
    return err;
  server.token = caf::get_or(o, "token", std::string{});
  if (auto open = caf::get_if<bool>(&o, "open-reads"))
    server.open_reads = *open;
  else if (o.contains("open-reads"))
    return "option 'open-reads': expected true or false";
  config.subscribers = caf::get_or(o, "subscribers", std::vector<std::string>{});
  config.feature_subscribers =
    caf::get_or(o, "feature-subscribers", std::vector<std::string>{});
  config.session = caf::get_or(o, "session", std::string{"session"});
  config.director = caf::get_or(o, "director", std::string{"director"});
  if (auto err = read_limits(o, server.limits); !err.empty())
    return err;
  if (auto err = read_positive_duration(o, "request-timeout", config.request_timeout); !err.empty())
    return err;
  auto clock_rate = caf::get_or(o, "clock-rate", int64_t{10});
  if (clock_rate < 1 || clock_rate > 100)
    return "option 'clock-rate': expected 1..100 Hz";
  config.clock_period = std::chrono::microseconds{1'000'000 / clock_rate};
  config.mesh_period = caf::get_or(o, "mesh-period", config.mesh_period);
  if (config.mesh_period < std::chrono::milliseconds{50})
    return "option 'mesh-period': expected 50ms or more";
  if (auto err = read_positive_duration(o, "command-timeout", config.command_timeout); !err.empty())
    return err;
  if (auto err = read_retry(o, config.retry.first, config.retry.max); !err.empty())
    return err;
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
  // Every route that changes anything is guarded by the token.
  server.routes = {{"/echelon", "POST", false, true},
                   {"/cue", "POST", false, true},
                   {"/command", "POST", false, true},
                   {"/state", "GET"},
                   {"/visuals/latest", "GET"}};
  server.index_html = index_page(server.mounts);
  return {};
}

} // namespace

actor_kind bus_kind() {
  actor_kind kind;
  kind.name = "bus";
  kind.summary = "HTTP and WebSocket :9404: POST /echelon, /cue and /command, GET /state, hubs, the dashboard and stage view";
  caf::config_option_adder options{kind.options, "options"};
  options.add<std::string>("address", "IP address to listen on (default 127.0.0.1)")
    .add<int64_t>("port", "TCP port (default 9404; 0 takes a free one)")
    .add<std::string>("token", "bearer token the POST endpoints require (empty: refused)")
    .add<bool>("open-reads", "false: GET /state, /visuals/latest and the hubs need the token too (true)")
    .add<caf::config_value>("static", "{ PREFIX = \"FOLDER\" }: folders served at /PREFIX")
    .add<std::vector<std::string>>("subscribers", "names that receive POST /echelon's phone_motion")
    .add<std::vector<std::string>>("feature-subscribers",
                                   "names that receive POST /echelon's feature_vector")
    .add<std::string>("session", "name POST /cue sends session commands to (default session)")
    .add<std::string>("director", "name POST /cue sends overrides to (default director)")
    .add<int64_t>("max-header", "largest request header, bytes (default 8192)")
    .add<int64_t>("max-body", "largest request body, bytes (default 65536)")
    .add<int64_t>("max-connections", "open connections at most (default 128)")
    .add<int64_t>("max-connections-per-address", "open connections of one client address (32)")
    .add<int64_t>("rate", "requests per second of one client address (default 100)")
    .add<int64_t>("burst", "requests one client address may send at once (default 200)")
    .add<caf::timespan>("header-timeout", "a request's header must arrive within (5s)")
    .add<caf::timespan>("body-timeout", "its body must arrive, an answer be taken, within (10s)")
    .add<int64_t>("ws-max-message", "largest message a WebSocket client may send, bytes (4096)")
    .add<int64_t>("ws-rate", "messages per second a WebSocket client may send (default 20)")
    .add<int64_t>("ws-burst", "messages a WebSocket client may send at once (default 40)")
    .add<int64_t>("queue", "messages waiting per WebSocket client (default 16)")
    .add<caf::timespan>("slow-timeout", "disconnects a client whose write stalls this long (2s)")
    .add<caf::timespan>("warn-interval", "a cut-off client address is warned about once per (10s)")
    .add<caf::timespan>("request-timeout", "how long /cue and /state wait for actors (1s)")
    .add<int64_t>("clock-rate", "pushes to /ws/clock per second (default 10)")
    .add<caf::timespan>("mesh-period", "how often /ws/mesh asks the inspector (500ms)")
    .add<caf::timespan>("command-timeout", "how long POST /command and /ws/mesh wait (5s)")
    .add<std::string>("index", "static path served at / (e.g. /dashboard; default: a link list)");
  add_listen_retry_options(options);
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

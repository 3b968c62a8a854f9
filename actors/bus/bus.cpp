#include "actors/bus/bus.hpp"

#include <functional>

#include <boost/json.hpp>
#include <caf/actor_cast.hpp>
#include <caf/make_message.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/bus/command_request.hpp"
#include "actors/bus/cue_request.hpp"
#include "actors/bus/echelon_request.hpp"
#include "actors/bus/hub_json.hpp"
#include "actors/show/local_timeline.hpp"
#include "actors/sensing/hop_set.hpp"
#include "system/clock/clock_service.hpp"
#include "system/log/log.hpp"

namespace lume {

namespace {

/// Cuts kept for GET /state.
constexpr std::size_t kept_cuts = 8;

double seconds(caf::timespan x) {
  return std::chrono::duration<double>(x).count();
}

void publish(bus_self self, hub h, std::string text) {
  if (!text.empty() && self->state.server)
    self->state.server->publish(static_cast<std::size_t>(h),
                                std::make_shared<const std::string>(std::move(text)));
}

void answer(bus_self self, std::uint64_t id, unsigned status, std::string body,
            std::string content_type = "application/json") {
  self->state.server->respond(id, {status, std::move(body), std::move(content_type)});
}

void refuse(bus_self self, std::uint64_t id, const refusal& why) {
  ++self->state.refusals[why.reason];
  answer(self, id, why.status, net::http::error_body(why.reason, why.problem, why.field));
}

void on_echelon(bus_self self, std::uint64_t id, const std::string& body) {
  auto& st = self->state;
  auto read = read_echelon(body, host_now_us());
  if (auto why = std::get_if<refusal>(&read))
    return refuse(self, id, *why);
  auto& messages = std::get<echelon_messages>(read);
  boost::json::array sent;
  if (messages.motion) {
    st.subscribers->publish(caf::make_message(std::move(*messages.motion)), self->context());
    sent.push_back("phone_motion");
  }
  if (messages.features) {
    st.feature_subscribers->publish(caf::make_message(std::move(*messages.features)),
                                    self->context());
    sent.push_back("feature_vector");
  }
  ++st.echelon_accepted;
  answer(self, id, 202,
         boost::json::serialize(boost::json::object{{"accepted", true}, {"messages", sent}}));
}

void on_cue(bus_self self, std::uint64_t id, const std::string& body) {
  auto& st = self->state;
  auto read = read_cue(body, host_now_us());
  if (auto why = std::get_if<refusal>(&read))
    return refuse(self, id, *why);
  const bool to_session = std::holds_alternative<session_command>(read);
  const auto name = to_session ? st.config.session : st.config.director;
  const auto field = to_session ? "session" : "director";
  // A name not (yet) served anywhere queues, as for any publisher: the
  // request then times out (504) unless it appears in time.
  auto target = st.ctx->names->lookup(name);
  auto msg = to_session ? caf::make_message(std::get<session_command>(std::move(read)))
                        : caf::make_message(std::get<director_cue>(std::move(read)));
  ++st.cues_forwarded;
  self->request(target, st.config.request_timeout, std::move(msg))
    .then(
      [self, id, name, field](std::string& text) {
        boost::json::error_code ec;
        auto reply = boost::json::parse(text, ec);
        if (ec)
          reply = boost::json::string{text};
        auto* object = reply.if_object();
        auto* ok = object ? object->if_contains("ok") : nullptr;
        if (ok && ok->is_bool() && !ok->get_bool()) {
          auto* error = object->if_contains("error");
          auto problem = error && error->is_string() ? std::string{error->get_string()}
                                                     : name + " refused the cue";
          return refuse(self, id, {409, "refused", problem, field});
        }
        answer(self, id, 200,
               boost::json::serialize(
                 boost::json::object{{"ok", true}, {"to", name}, {"reply", std::move(reply)}}));
      },
      [self, id, name, field](caf::error& err) {
        if (err == caf::sec::request_timeout)
          return refuse(self, id, {504, "timeout", name + " did not answer in time", field});
        refuse(self, id, {502, "upstream_error", name + ": " + self->system().render(err), field});
      });
}

boost::json::object bus_summary(bus_self self);

/// The `data` of each inspection command line, or `{"error": ...}` for one
/// that failed or did not answer within `timeout`; `done` gets them all.
void ask_inspector(bus_self self, std::vector<std::string> lines, caf::timespan timeout,
                   std::function<void(std::map<std::string, boost::json::value>&)> done) {
  struct gather {
    std::map<std::string, boost::json::value> data;
    std::size_t left;
    std::function<void(std::map<std::string, boost::json::value>&)> done;
  };
  auto g = std::make_shared<gather>(gather{{}, lines.size(), std::move(done)});
  for (auto& line : lines) {
    self->request(self->state.inspector, timeout, atom::command_v, line)
      .then(
        [g, line](std::string& text) {
          boost::json::error_code ec;
          auto reply = boost::json::parse(text, ec);
          auto* object = ec ? nullptr : reply.if_object();
          if (object && object->contains("data"))
            g->data[line] = object->at("data");
          else
            g->data[line] = boost::json::object{{"error", object && object->contains("error")
                                                            ? object->at("error")
                                                            : boost::json::value{"no answer"}}};
          if (--g->left == 0)
            g->done(g->data);
        },
        [self, g, line](caf::error& err) {
          g->data[line] = boost::json::object{{"error", self->system().render(err)}};
          if (--g->left == 0)
            g->done(g->data);
        });
  }
}

/// GET /state: the inspector's nodes, actors and clock, and the bus's own
/// latest session, cuts, params, features and styled frame.
void on_state(bus_self self, std::uint64_t id) {
  ask_inspector(self, {"nodes", "actors", "clock"}, self->state.config.request_timeout,
                [self, id](std::map<std::string, boost::json::value>& data) {
    auto& st = self->state;
    boost::json::object out;
    for (auto& [key, value] : data)
      out[key] = std::move(value);
    out["session"] = st.session ? boost::json::value_from(*st.session) : boost::json::value{};
    boost::json::array cuts;
    for (auto& c : st.cuts)
      cuts.push_back(boost::json::value_from(c));
    boost::json::object director{{"cuts", std::move(cuts)}};
    if (!st.cuts.empty()) {
      director["camera"] = st.cuts.back().camera;
      director["scene"] = st.cuts.back().scene;
      director["section"] = st.cuts.back().section;
    }
    out["director"] = std::move(director);
    out["params"] = st.params ? boost::json::value_from(st.params->values) : boost::json::value{};
    boost::json::object features;
    for (auto& [source, f] : st.features)
      features[source] = boost::json::value_from(f.values);
    out["features"] = std::move(features);
    out["visuals"] = st.visuals ? boost::json::parse(hub_json::visuals(*st.visuals, host_now_us()))
                                : boost::json::value{};
    out["bus"] = bus_summary(self);
    answer(self, id, 200, boost::json::serialize(out));
  });
}

/// /ws/mesh: while the hub has clients, asks the inspector every
/// `mesh-period` (after the previous answers) and publishes what changed.
void poll_mesh(bus_self self) {
  auto& st = self->state;
  auto again = [self] { self->delayed_send(self, self->state.config.mesh_period, atom::nodes_v); };
  const auto index = static_cast<std::size_t>(hub::mesh);
  if (!st.server || st.server->counters().hubs.at(index).clients == 0) {
    // Nobody watches: the next client gets a fresh message first.
    st.mesh_last.clear();
    return again();
  }
  ++st.mesh_polls;
  ask_inspector(self, {"nodes", "actors", "stats", "latency --json"}, st.config.command_timeout,
                [self, again](std::map<std::string, boost::json::value>& data) {
    auto& st = self->state;
    const auto now = host_now_us();
    auto x = mesh_snapshot(data["nodes"], data["actors"], data["stats"], data["latency --json"],
                           st.mesh_received, now);
    auto text = boost::json::serialize(x);
    if (text != st.mesh_last) {
      st.mesh_last = std::move(text);
      ++st.mesh_published;
      x["type"] = "mesh";
      x["sent_us"] = now;
      publish(self, hub::mesh, boost::json::serialize(x));
    }
    again();
  });
}

/// POST /command: one allowed inspection command, run by the bus's inspector.
void on_command(bus_self self, std::uint64_t id, const std::string& body) {
  auto read = read_command(body);
  if (auto why = std::get_if<refusal>(&read))
    return refuse(self, id, *why);
  auto line = std::get<std::string>(std::move(read));
  ++self->state.commands_run;
  self->request(self->state.inspector, self->state.config.command_timeout, atom::command_v, line)
    .then(
      [self, id](std::string& text) {
        boost::json::error_code ec;
        auto reply = boost::json::parse(text, ec);
        auto* object = ec ? nullptr : reply.if_object();
        auto* ok = object ? object->if_contains("ok") : nullptr;
        if (ok && ok->is_bool() && ok->get_bool())
          return answer(self, id, 200, text);
        auto* error = object ? object->if_contains("error") : nullptr;
        refuse(self, id,
               {409, "refused",
                error && error->is_string() ? std::string{error->get_string()} : text,
                "command"});
      },
      [self, id, line](caf::error& err) {
        if (err == caf::sec::request_timeout)
          return refuse(self, id, {504, "timeout", "'" + line + "' did not finish in time",
                                   "command"});
        refuse(self, id, {502, "upstream_error", self->system().render(err), "command"});
      });
}

void on_visuals(bus_self self, std::uint64_t id) {
  auto& st = self->state;
  if (!st.visuals)
    return refuse(self, id, {404, "not_found", "no styled frame yet", "path"});
  answer(self, id, 200, std::string{st.visuals->image.begin(), st.visuals->image.end()},
         st.visuals->media_type.empty() ? "application/octet-stream" : st.visuals->media_type);
}

boost::json::object bus_summary(bus_self self) {
  auto& st = self->state;
  auto c = st.server ? st.server->counters() : net::http::server_counters{};
  // The server's refusals (HTTP, limits, token) and the actor's (bodies).
  auto counted = c.refusals;
  for (auto& [reason, n] : st.refusals)
    counted[reason] += n;
  boost::json::object refusals;
  for (auto& [reason, n] : counted)
    refusals[reason] = n;
  boost::json::array hubs;
  for (auto& h : c.hubs)
    hubs.push_back(boost::json::object{{"path", h.path},
                                       {"clients", h.clients},
                                       {"published", h.published},
                                       {"sent", h.sent},
                                       {"dropped", h.dropped},
                                       {"slow_disconnects", h.slow_disconnects}});
  boost::json::object result{{"state", st.server ? "listening" : "waiting"},
                             {"address", st.config.server.address},
                             {"port", st.server ? st.server->port() : st.config.server.port},
                             {"connections", c.connections},
                             {"accepted", c.accepted},
                             {"requests", c.requests},
                             {"static_files", c.static_files},
                             {"addresses", c.addresses},
                             {"echelon_accepted", st.echelon_accepted},
                             {"cues_forwarded", st.cues_forwarded},
                             {"commands_run", st.commands_run},
                             {"mesh_polls", st.mesh_polls},
                             {"mesh_published", st.mesh_published},
                             {"refusals", std::move(refusals)},
                             {"hubs", std::move(hubs)}};
  if (!st.server) {
    result["attempts"] = st.attempts;
    result["error"] = st.last_error;
    result["retry_in_s"] = seconds(st.retry_in);
  }
  return result;
}

boost::json::object state_json(bus_self self) {
  auto& st = self->state;
  auto x = bus_summary(self);
  auto& limits = st.config.server.limits;
  x["limits"] = boost::json::object{
    {"max_header", limits.max_header},
    {"max_body", limits.max_body},
    {"max_connections", limits.max_connections},
    {"max_connections_per_address", limits.max_connections_per_address},
    {"rate", limits.rate},
    {"burst", limits.burst},
    {"header_timeout_ms", limits.header_timeout.count()},
    {"body_timeout_ms", limits.body_timeout.count()},
    {"ws_max_message", limits.ws_max_message},
    {"ws_rate", limits.ws_rate},
    {"ws_burst", limits.ws_burst},
    {"queue", limits.queue},
    {"slow_timeout_ms", limits.slow_timeout.count()},
    {"warn_interval_ms", limits.warn_interval.count()},
  };
  x["token"] = !st.config.server.token.empty();
  x["open_reads"] = st.config.server.open_reads;
  x["subscribers"] = st.subscribers->to_json();
  x["feature_subscribers"] = st.feature_subscribers->to_json();
  x["stale_cuts"] = st.stale_cuts;
  x["stale_sessions"] = st.stale_sessions;
  x["bad_skeletons"] = st.bad_skeletons;
  boost::json::array missing;
  for (auto& m : st.config.missing_static)
    missing.push_back(boost::json::string{m});
  x["missing_static"] = std::move(missing);
  return x;
}

/// True if (epoch, seq) is older than or the same as the newest seen.
template <class T>
bool stale(const T& x, const std::optional<T>& newest) {
  return newest && (x.epoch < newest->epoch || (x.epoch == newest->epoch && x.seq <= newest->seq));
}

/// Binds the address and port and starts serving, or tries again later.
void try_listen(bus_self self) {
  auto& st = self->state;
  auto listening = net::http::server::listen(st.config.server);
  if (auto err = std::get_if<std::string>(&listening)) {
    ++st.attempts;
    st.last_error = *err;
    st.retry_in = st.config.retry.delay_after(st.attempts);
    if (st.attempts == 1)
      st.log->warn("{} waits to listen: {} (trying again after {} s, then up to every {} s)",
                   self->name(), st.last_error, seconds(st.retry_in),
                   seconds(st.config.retry.max));
    self->delayed_send(self, st.retry_in, atom::connect_v);
    return;
  }
  st.server = std::move(std::get<0>(listening));
  if (st.attempts > 0)
    st.log->info("bus listens on {}:{} after {} failed attempts", st.config.server.address,
                 st.server->port(), st.attempts);
  st.attempts = 0;
  st.last_error.clear();
  auto me = caf::actor_cast<caf::actor_addr>(self);
  st.server->serve([me](net::http::api_request req) {
    if (auto hdl = caf::actor_cast<caf::actor>(me))
      caf::anon_send(hdl, atom::request_v, req.id, std::move(req.method), std::move(req.path),
                     std::move(req.body));
  });
}

} // namespace

const std::vector<std::string>& hub_paths() {
  static const std::vector<std::string> paths{"/ws/params",   "/ws/cuts",    "/ws/features",
                                              "/ws/clock",    "/ws/skeleton", "/ws/session",
                                              "/ws/visuals",  "/ws/mesh"};
  return paths;
}

bus_actor::behavior_type bus(bus_self self, std::shared_ptr<const node_context> ctx,
                             bus_config config) {
  auto& st = self->state;
  st.ctx = ctx;
  st.config = std::move(config);
  st.log = role_logger("bus");
  for (auto& missing : st.config.missing_static)
    st.log->warn("{} serves no static files there: {}", self->name(), missing);
  st.subscribers.emplace(ctx->names, st.config.subscribers);
  st.feature_subscribers.emplace(ctx->names, st.config.feature_subscribers);
  st.inspector = self->spawn<caf::linked>(inspector, ctx);
  st.config.server.warn = [log = st.log, name = std::string{self->name()}](const std::string& text) {
    log->warn("{} {}", name, text);
  };
  try_listen(self);
  caf::anon_send(ctx->clock_service, atom::subscribe_v, caf::actor_cast<caf::actor>(self));
  self->delayed_send(self, st.config.clock_period, atom::tick_v);
  self->delayed_send(self, st.config.mesh_period, atom::nodes_v);
  return {
    [self](const music_params& x) {
      self->state.params = x;
      publish(self, hub::params, hub_json::params(x, host_now_us()));
    },
    [self](const feature_vector& x) {
      self->state.features[x.source] = x;
      publish(self, hub::features, hub_json::features(x, host_now_us()));
    },
    [self](const skeleton_frame& x) {
      auto text = hub_json::skeleton(x, host_now_us());
      if (text.empty())
        ++self->state.bad_skeletons;
      publish(self, hub::skeleton, std::move(text));
    },
    [self](const director_cut& cut) {
      auto& st = self->state;
      // The page maps at_beat with this node's clock hub.
      auto x = on_local_timeline(cut, *st.ctx->clock, st.ctx->config.clock.quantum);
      std::optional<director_cut> newest;
      if (!st.cuts.empty())
        newest = st.cuts.back();
      if (stale(x, newest)) {
        ++st.stale_cuts;
        return;
      }
      st.cuts.push_back(x);
      if (st.cuts.size() > kept_cuts)
        st.cuts.pop_front();
      publish(self, hub::cuts, hub_json::cut(x, host_now_us()));
    },
    [self](const session_state& state) {
      auto& st = self->state;
      if (stale(state, st.session)) {
        ++st.stale_sessions;
        return;
      }
      auto x = on_local_timeline(state, *st.ctx->clock, st.ctx->config.clock.quantum);
      st.session = x;
      publish(self, hub::session, hub_json::session(x, host_now_us()));
    },
    [self](const styled_frame& x) {
      auto& st = self->state;
      if (stale(x, st.visuals))
        return;
      st.visuals = x;
      publish(self, hub::visuals, hub_json::visuals(x, host_now_us()));
    },
    [self](const clock_tick& x) { publish(self, hub::clock, hub_json::clock(x, host_now_us())); },
    [self](atom::tick) {
      auto& st = self->state;
      auto tick = read_clock(*st.ctx->clock, st.ctx->config.clock.quantum);
      publish(self, hub::clock, hub_json::clock(tick, host_now_us()));
      self->delayed_send(self, st.config.clock_period, atom::tick_v);
    },
    [self](atom::request, std::uint64_t id, const std::string& method, const std::string& path,
           const std::string& body) {
      // The server checked the bearer token of every POST (guarded routes).
      if (method == "POST") {
        if (path == "/echelon")
          return on_echelon(self, id, body);
        if (path == "/cue")
          return on_cue(self, id, body);
        if (path == "/command")
          return on_command(self, id, body);
      } else if (path == "/state") {
        return on_state(self, id);
      } else if (path == "/visuals/latest") {
        return on_visuals(self, id);
      }
      refuse(self, id, {404, "not_found", "nothing at " + method + " " + path, "path"});
    },
    [self](atom::connect) { try_listen(self); },
    [self](atom::nodes) { poll_mesh(self); },
    [self](atom::inspect) -> std::string { return boost::json::serialize(state_json(self)); },
  };
}

} // namespace lume

#include "actors/oscquery/oscquery.hpp"

#include <boost/json.hpp>
#include <caf/actor_cast.hpp>
#include <caf/make_message.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/oscquery/oscquery_request.hpp"
#include "actors/sensing/hop_set.hpp"
#include "net/osc_message.hpp"
#include "system/clock/clock_service.hpp"
#include "system/log/log.hpp"

namespace lume {

namespace {

constexpr char param_prefix[] = "/lume/param/";
constexpr char session_prefix[] = "/lume/session/";
/// Link's tempo range, BPM (as the REPL's `tempo`).
constexpr double min_tempo = 20;
constexpr double max_tempo = 999;

double seconds(caf::timespan x) {
  return std::chrono::duration<double>(x).count();
}

std::map<std::string, std::string> container_descriptions() {
  return {{"/", "LUME node"},
          {"/lume", "LUME"},
          {"/lume/param", "music params of the mapper (its OSC output /lume/param/NAME f)"},
          {"/lume/director", "the director's picture; a write cues the director"},
          {"/lume/session", "the session; a write commands it"},
          {"/lume/clock", "the node's beat clock (Link)"}};
}

/// The methods that are there from the start: director and clock.
void add_fixed_methods(oscquery_namespace& space) {
  for (auto kind : {"camera", "scene", "section"})
    space.put({std::string{"/lume/director/"} + kind, 's', oscquery_access::read_write,
               std::string{"the live "} + kind + "; a write cues it at the next grid point",
               {}, std::nullopt, {}});
  space.put({"/lume/clock/tempo", 'f', oscquery_access::read_write,
             "tempo of the Link session, BPM", {}, std::make_pair(min_tempo, max_tempo), {}});
  space.put({"/lume/clock/peers", 'i', oscquery_access::read, "Link peers of this node", {},
             std::nullopt, {}});
}

void answer(oscquery_self self, std::uint64_t id, unsigned status, std::string body) {
  self->state.server->respond(id, {status, std::move(body), "application/json"});
}

void refuse_request(oscquery_self self, std::uint64_t id, unsigned status,
                    const std::string& reason, const std::string& problem) {
  ++self->state.refused[reason];
  answer(self, id, status, net::http::error_body(reason, problem, "path"));
}

void send_text(oscquery_self self, std::uint64_t client, const std::shared_ptr<const std::string>& text) {
  self->state.server->send_to(client, text, false);
}

/// Tells every WebSocket client of a path added or removed.
void announce(oscquery_self self, const char* command, boost::json::value data) {
  auto& st = self->state;
  if (!st.server)
    return;
  auto text = std::make_shared<const std::string>(
    boost::json::serialize(boost::json::object{{"COMMAND", command}, {"DATA", std::move(data)}}));
  for (auto& [client, paths] : st.clients)
    send_text(self, client, text);
}

void added(oscquery_self self, const oscquery_method& m) {
  ++self->state.paths_added;
  announce(self, "PATH_ADDED", oscquery_namespace::method_json(m));
}

void removed(oscquery_self self, const std::string& path) {
  auto& st = self->state;
  ++st.paths_removed;
  for (auto& [client, paths] : st.clients)
    paths.erase(path);
  announce(self, "PATH_REMOVED", boost::json::string{path});
}

/// Sets the value at `path` and streams it to the clients that LISTEN.
template <class T>
void set_value(oscquery_self self, const std::string& path, T value) {
  auto& st = self->state;
  auto m = st.space.find(path);
  if (!m)
    return;
  m->value = value;
  if (!st.server)
    return;
  std::shared_ptr<const std::string> frame;
  for (auto& [client, paths] : st.clients) {
    if (paths.count(path) == 0)
      continue;
    if (!frame) {
      if constexpr (std::is_same_v<T, std::string>)
        frame = std::make_shared<const std::string>(net::encode_osc_string(path, value));
      else
        frame = std::make_shared<const std::string>(
          m->type == 'i' ? net::encode_osc_int(path, static_cast<std::int32_t>(value))
                         : net::encode_osc_float(path, static_cast<float>(value)));
    }
    st.server->send_to(client, frame, true);
    ++st.frames_sent;
  }
}

boost::json::object host_info(oscquery_self self) {
  auto& st = self->state;
  const auto port = st.server ? st.server->port() : st.config.server.port;
  return {{"NAME", st.config.name},
          {"EXTENSIONS",
           boost::json::object{{"ACCESS", true},
                               {"VALUE", true},
                               {"RANGE", true},
                               {"DESCRIPTION", true},
                               {"LISTEN", true},
                               {"PATH_ADDED", true},
                               {"PATH_REMOVED", true},
                               {"TAGS", false},
                               {"EXTENDED_TYPE", false},
                               {"UNIT", false},
                               {"CRITICAL", false},
                               {"CLIPMODE", false},
                               {"PATH_CHANGED", false},
                               {"PATH_RENAMED", false},
                               {"HTML", false}}},
          {"OSC_IP", st.config.server.address},
          {"OSC_PORT", st.config.osc_port},
          {"OSC_TRANSPORT", "UDP"},
          {"WS_IP", st.config.server.address},
          {"WS_PORT", port}};
}

void on_request(oscquery_self self, std::uint64_t id, std::string path, const std::string& query) {
  auto x = answer_query(self->state.space, std::move(path), query, host_info(self));
  if (!x.reason.empty())
    return refuse_request(self, id, x.status, x.reason, x.problem);
  answer(self, id, x.status, std::move(x.body));
}

void on_command(oscquery_self self, std::uint64_t client, const std::string& text) {
  auto& st = self->state;
  auto c = st.clients.find(client);
  if (c == st.clients.end())
    return;
  auto command = read_listen_command(text);
  if (auto* why = std::get_if<std::string>(&command)) {
    ++st.refused[*why];
    return;
  }
  auto& x = std::get<oscquery_listen>(command);
  if (!x.listen) {
    c->second.erase(x.path);
  } else if (!st.space.find(x.path)) {
    ++st.refused["listen_unknown_path"];
  } else {
    c->second.insert(x.path);
  }
}

/// Counts the answer of the director or session to a write.
void count_reply(oscquery_self self, const std::string& target, caf::actor hdl, caf::message msg) {
  self->request(hdl, self->state.config.request_timeout, std::move(msg))
    .then(
      [self, target](std::string& text) {
        boost::json::error_code ec;
        auto reply = boost::json::parse(text, ec);
        auto* object = ec ? nullptr : reply.if_object();
        auto* ok = object ? object->if_contains("ok") : nullptr;
        if (ok && ok->is_bool() && !ok->get_bool())
          ++self->state.refused[target + "_refused"];
        else
          ++self->state.writes[target];
      },
      [self, target](caf::error&) { ++self->state.refused[target + "_unreachable"]; });
}

/// The session command a write of `value` to /lume/session/NAME makes.
std::optional<session_command> session_write(const std::string& name, const std::string& value) {
  session_command cmd;
  cmd.origin_us = host_now_us();
  if (name == "song") {
    cmd.command = "goto";
    cmd.argument = value;
  } else if (value == "playing") {
    cmd.command = "start";
  } else if (value == "stopped") {
    cmd.command = "stop";
  } else if (value == "paused") {
    cmd.command = "pause";
  } else {
    return std::nullopt;
  }
  return cmd;
}

void on_write(oscquery_self self, const std::string& path, char tag, double number,
              const std::string& text) {
  auto& st = self->state;
  if (auto why = write_refusal(st.space, path, tag, number, text)) {
    ++st.refused[why];
    return;
  }
  auto& names = *st.ctx->names;
  if (path.rfind(param_prefix, 0) == 0) {
    music_params override;
    override.origin_us = host_now_us();
    override.values.emplace(path.substr(sizeof(param_prefix) - 1), number);
    caf::anon_send(names.lookup(st.config.mapper), std::move(override));
    ++st.writes["mapper"];
  } else if (path.rfind("/lume/director/", 0) == 0) {
    director_cue cue{path.substr(path.rfind('/') + 1), text, "", host_now_us()};
    count_reply(self, "director", names.lookup(st.config.director), caf::make_message(cue));
  } else if (path.rfind(session_prefix, 0) == 0) {
    auto cmd = session_write(path.substr(sizeof(session_prefix) - 1), text);
    if (!cmd) {
      ++st.refused["out_of_range"];
      return;
    }
    count_reply(self, "session", names.lookup(st.config.session), caf::make_message(*cmd));
  } else if (path == "/lume/clock/tempo") {
    auto& ctx = *st.ctx;
    ctx.clock->set_tempo(number, ctx.clock->now());
    // Link's listener notifies the service too; other clocks rely on this.
    if (ctx.clock_service)
      caf::anon_send(ctx.clock_service, atom::notify_v);
    ++st.writes["clock"];
  }
}

void on_params(oscquery_self self, const music_params& x) {
  auto& st = self->state;
  for (auto& path : st.space.paths_under(param_prefix))
    if (x.values.count(path.substr(sizeof(param_prefix) - 1)) == 0) {
      st.space.remove(path);
      removed(self, path);
    }
  for (auto& [name, value] : x.values) {
    const auto path = param_prefix + name;
    if (!st.space.find(path)) {
      oscquery_method m{path, 'f', oscquery_access::read_write,
                        "music param " + name + " of the mapper; a write overrides it",
                        value, std::nullopt, {}};
      st.space.put(m);
      added(self, m);
    }
    set_value(self, path, value);
  }
}

void on_session(oscquery_self self, const session_state& x) {
  auto& st = self->state;
  if (!st.space.find("/lume/session/state")) {
    oscquery_method state{"/lume/session/state", 's', oscquery_access::read_write,
                          "stopped, playing or paused; a write starts, stops or pauses",
                          x.state, std::nullopt, {"stopped", "playing", "paused"}};
    oscquery_method song{"/lume/session/song", 's', oscquery_access::read_write,
                         "the current song; a write goes to a song by name or number", x.song,
                         std::nullopt, {}};
    st.space.put(state);
    st.space.put(song);
    added(self, state);
    added(self, song);
  }
  set_value(self, "/lume/session/state", x.state);
  set_value(self, "/lume/session/song", x.song);
}

boost::json::object state_json(oscquery_self self) {
  auto& st = self->state;
  auto to_json = [](const std::map<std::string, std::uint64_t>& xs) {
    boost::json::object result;
    for (auto& [k, n] : xs)
      result[k] = n;
    return result;
  };
  auto refused = to_json(st.refused);
  auto osc = st.input->state();
  for (auto& [reason, n] : osc["refused"].as_object())
    refused["osc_" + std::string{reason}] = n;
  std::uint64_t listens = 0;
  for (auto& [client, paths] : st.clients)
    listens += paths.size();
  auto c = st.server ? st.server->counters() : net::http::server_counters{};
  boost::json::object x{{"state", st.server ? "listening" : "waiting"},
                        {"address", st.config.server.address},
                        {"port", st.server ? st.server->port() : st.config.server.port},
                        {"osc_port", st.config.osc_port},
                        {"name", st.config.name},
                        {"methods", st.space.size()},
                        {"clients", st.clients.size()},
                        {"listens", listens},
                        {"requests", c.requests},
                        {"osc_messages", osc["messages"]},
                        {"writes", to_json(st.writes)},
                        {"refused", std::move(refused)},
                        {"frames_sent", st.frames_sent},
                        {"paths_added", st.paths_added},
                        {"paths_removed", st.paths_removed}};
  if (st.udp)
    x["udp"] = st.udp->state();
  if (!st.server) {
    x["attempts"] = st.attempts;
    x["error"] = st.last_error;
  }
  return x;
}

/// Binds the HTTP port and the OSC port and starts serving, or tries again later.
void try_listen(oscquery_self self) {
  auto& st = self->state;
  auto fail = [&](std::string why) {
    ++st.attempts;
    st.last_error = std::move(why);
    auto wait = st.config.retry.delay_after(st.attempts);
    if (st.attempts == 1)
      st.log->warn("{} waits to listen: {} (trying again after {} s, then up to every {} s)",
                   self->name(), st.last_error, seconds(wait), seconds(st.config.retry.max));
    self->delayed_send(self, wait, atom::connect_v);
  };
  udp_receiver_config udp;
  udp.address = st.config.server.address;
  udp.port = st.config.osc_port;
  udp.max_datagram = 4096;
  udp.batch = 8;
  udp.receive_buffer = 256 * 1024;
  udp.thread_name = "lume-oscquery";
  auto receiving = udp_receiver::open(udp, st.input);
  if (auto err = std::get_if<std::string>(&receiving))
    return fail(*err);
  auto listening = net::http::server::listen(st.config.server);
  if (auto err = std::get_if<std::string>(&listening))
    return fail(*err);
  st.udp = std::move(std::get<0>(receiving));
  st.server = std::move(std::get<0>(listening));
  if (st.attempts > 0)
    st.log->info("{} listens on {}:{} after {} failed attempts", self->name(),
                 st.config.server.address, st.server->port(), st.attempts);
  st.attempts = 0;
  st.last_error.clear();
  auto me = caf::actor_cast<caf::actor_addr>(self);
  st.server->serve(
    [me](net::http::api_request req) {
      if (auto hdl = caf::actor_cast<caf::actor>(me))
        caf::anon_send(hdl, atom::request_v, req.id, std::move(req.path), std::move(req.query));
    },
    [me](net::http::client_event e) {
      auto hdl = caf::actor_cast<caf::actor>(me);
      if (!hdl)
        return;
      using kind = net::http::client_event::kind;
      switch (e.what) {
        case kind::joined: caf::anon_send(hdl, atom::subscribe_v, e.client); break;
        case kind::left: caf::anon_send(hdl, atom::unsubscribe_v, e.client); break;
        case kind::text: caf::anon_send(hdl, atom::command_v, e.client, std::move(e.data)); break;
        // OSC over the WebSocket is not taken (OSC_TRANSPORT is UDP).
        case kind::binary: caf::anon_send(hdl, atom::command_v, e.client, std::string{}); break;
      }
    });
}

} // namespace

oscquery_actor::behavior_type oscquery(oscquery_self self, std::shared_ptr<const node_context> ctx,
                                       oscquery_config config) {
  auto& st = self->state;
  st.ctx = ctx;
  st.config = std::move(config);
  st.log = role_logger("oscquery");
  st.space = oscquery_namespace{container_descriptions()};
  add_fixed_methods(st.space);
  st.input = std::make_shared<osc_input>(caf::actor_cast<caf::actor_addr>(self));
  try_listen(self);
  caf::anon_send(ctx->clock_service, atom::subscribe_v, caf::actor_cast<caf::actor>(self));
  return {
    [self](const music_params& x) { on_params(self, x); },
    [self](const director_cut& x) {
      set_value(self, "/lume/director/camera", x.camera);
      set_value(self, "/lume/director/scene", x.scene);
      set_value(self, "/lume/director/section", x.section);
    },
    [self](const session_state& x) { on_session(self, x); },
    [self](const clock_tick& x) {
      set_value(self, "/lume/clock/tempo", x.tempo);
      set_value(self, "/lume/clock/peers", static_cast<double>(x.peers));
    },
    [self](atom::request, std::uint64_t id, std::string& path, const std::string& query) {
      on_request(self, id, std::move(path), query);
    },
    [self](atom::command, std::uint64_t client, const std::string& text) {
      on_command(self, client, text);
    },
    [self](atom::subscribe, std::uint64_t client) { self->state.clients[client]; },
    [self](atom::unsubscribe, std::uint64_t client) { self->state.clients.erase(client); },
    [self](atom::apply, const std::string& path, const std::string& tag, double number,
           const std::string& text) {
      on_write(self, path, tag.empty() ? '?' : tag[0], number, text);
    },
    [self](atom::connect) { try_listen(self); },
    [self](atom::inspect) -> std::string { return boost::json::serialize(state_json(self)); },
  };
}

} // namespace lume

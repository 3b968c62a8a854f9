#include "actors/strudel/strudel.hpp"

#include <chrono>
#include <cstdlib>

#include <boost/json.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/deep_to_string.hpp>
#include <caf/send.hpp>
#include <caf/settings.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/sensing/config_any.hpp"
#include "actors/show/local_timeline.hpp"
#include "actors/strudel/host_message.hpp"
#include "system/errors.hpp"
#include "system/log/log.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

/// The clock as of the moment the message is written (on the link's thread).
host_link::producer clock_message(std::shared_ptr<beat_clock> clock, double quantum) {
  return [clock = std::move(clock), quantum] {
    // Beat and tempo of one moment: read again if the tempo changed between.
    double tempo = 0;
    double beat = 0;
    micros now{};
    for (int attempt = 0; attempt < 3; ++attempt) {
      tempo = clock->tempo();
      now = clock->now();
      beat = clock->beat_at(now, quantum);
      if (clock->tempo() == tempo)
        break;
    }
    boost::json::object msg{{"type", "clock"},     {"beat", beat},
                            {"tempo", tempo},      {"quantum", quantum},
                            {"at_us", now.count()}, {"playing", clock->playing()}};
    return boost::json::serialize(msg);
  };
}

host_link::producer fixed(boost::json::object msg) {
  return [text = boost::json::serialize(msg)] { return text; };
}

void send_clock(strudel_self self) {
  auto& st = self->state;
  st.link->send(clock_message(st.ctx->clock, st.config.quantum));
  ++st.sent["clock"];
  st.next_clock_at = self->clock().now() + st.config.clock_interval;
}

void send_params(strudel_self self) {
  auto& st = self->state;
  boost::json::object values;
  for (auto& [name, value] : st.params)
    values[name] = value;
  st.link->send(fixed({{"type", "params"}, {"values", std::move(values)}}));
  ++st.sent["params"];
  st.params_dirty = false;
  st.params_sent_at = self->clock().now();
}

/// The code in play, to swap in at `at_beat` (or the next bar when that
/// has passed or is unset).
void send_code(strudel_self self) {
  auto& st = self->state;
  if (st.progress.code.empty())
    return;
  boost::json::object msg{{"type", "code"},
                          {"id", st.progress.code_id},
                          {"code", st.progress.code},
                          {"section", st.progress.section}};
  auto now_beat = st.ctx->clock->beat_at(st.ctx->clock->now(), st.config.quantum);
  if (st.progress.at_beat > now_beat)
    msg["at_beat"] = st.progress.at_beat;
  else
    msg["at_beat"] = nullptr;
  st.link->send(fixed(std::move(msg)));
  ++st.sent["code"];
}

void set_code(strudel_self self, const std::string& code, double at_beat,
              const std::string& section) {
  auto& st = self->state;
  st.progress.section = section;
  if (code == st.progress.code)
    return;
  st.progress.code = code;
  ++st.progress.code_id;
  st.progress.at_beat = at_beat;
  st.checkpoints->changed();
  st.log->info("strudel swaps to code {} ({}) at beat {}", st.progress.code_id,
               section.empty() ? "no section" : section, at_beat);
  send_code(self);
}

void refuse(strudel_state& st, const std::string& reason, const std::string& detail) {
  if (st.refused[reason]++ == 0)
    st.log->warn("strudel refused a host message: {}: {}", reason, detail);
  st.last_refused = reason + ": " + detail;
}

/// A message of the host: health, accepted, applied, error or refused.
void handle_host_message(strudel_self self, const std::string& text) {
  auto& st = self->state;
  auto read = read_host_message(text);
  if (auto* why = std::get_if<host_message_refusal>(&read))
    return refuse(st, why->reason, why->detail);
  auto& msg = std::get<host_message>(read);
  if (msg.type == "health") {
    st.host_health = std::move(msg.fields);
  } else if (msg.type == "applied") {
    st.code_applied_id = msg.id;
    st.code_applied_beat = msg.cycle * st.config.quantum;
  } else if (msg.type == "error") {
    auto field = [&](const char* key) {
      auto* value = msg.fields.if_contains(key);
      return boost::json::serialize(value ? *value : boost::json::value{});
    };
    st.log->warn("strudel host reports an error in code {}: {} (line {}, column {})",
                 field("id"), msg.text, field("line"), field("column"));
    st.last_host_error = std::move(msg.fields);
  } else if (msg.type == "refused") {
    if (st.host_refused[msg.text]++ == 0)
      st.log->warn("strudel: the host refused a message: {}", text);
    st.last_host_refused = text;
  }
  ++st.received[msg.type];
}

boost::json::object counts(const std::map<std::string, uint64_t>& map) {
  boost::json::object result;
  for (auto& [key, value] : map)
    result[key] = value;
  return result;
}

} // namespace

strudel_actor::behavior_type strudel(strudel_self self, std::shared_ptr<const node_context> ctx,
                                     strudel_config config,
                                     std::shared_ptr<checkpointer> checkpoints) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.config = std::move(config);
  st.log = role_logger("strudel");
  st.checkpoints = std::move(checkpoints);
  if (!st.checkpoints->restore(self->system(), st.progress))
    st.progress = {};
  st.checkpoints->attach(self, [self] { return self->state.progress; });
  if (st.progress.code.empty() && !st.config.fallback_code.empty()) {
    st.progress.code = st.config.fallback_code;
    st.progress.code_id = 1;
  }
  auto handle = caf::actor_cast<strudel_actor>(self);
  host_link::handlers on;
  on.status = [handle](const std::string& event, const std::string& detail) {
    caf::anon_send(handle, atom::status_v, event, detail);
  };
  on.message = [handle](std::string text) {
    caf::anon_send(handle, atom::request_v, std::move(text));
  };
  st.link = std::make_unique<host_link>(st.config.host, st.config.port, st.ctx->clock,
                                        st.config.retry, st.config.retry_max, std::move(on));
  if (st.ctx->clock_service)
    caf::anon_send(st.ctx->clock_service, atom::subscribe_v, caf::actor_cast<caf::actor>(self));
  st.next_clock_at = self->clock().now() + st.config.clock_interval;
  st.periodic_at = st.next_clock_at;
  self->delayed_send(self, st.config.clock_interval, atom::tick_v);
  return {
    [self](const music_params& msg) {
      auto& st = self->state;
      for (auto& [name, value] : msg.values)
        st.params[name] = value;
      st.params_dirty = true;
      if (st.connection != "connected")
        return;
      auto spacing = std::chrono::duration_cast<caf::timespan>(
        std::chrono::duration<double>(1.0 / static_cast<double>(st.config.max_rate)));
      auto due = st.params_sent_at + spacing;
      auto now = self->clock().now();
      if (now >= due) {
        send_params(self);
      } else if (!st.flush_armed) {
        st.flush_armed = true;
        self->scheduled_send(self, due, atom::tick_v);
      }
    },
    [self](const clock_tick&) {
      if (self->state.connection == "connected")
        send_clock(self);
    },
    [self](const session_state& state) {
      auto& st = self->state;
      const auto msg = on_local_timeline(state, *st.ctx->clock, st.config.quantum);
      if (msg.epoch < st.progress.session_epoch
          || (msg.epoch == st.progress.session_epoch && msg.seq != 0
              && msg.seq <= st.progress.session_seq)) {
        ++st.stale_dropped;
        return;
      }
      st.progress.session_epoch = msg.epoch;
      st.progress.session_seq = msg.seq;
      st.checkpoints->changed();
      if (msg.state == "stopped")
        set_code(self, "silence", msg.at_beat, msg.section);
      else if (!msg.code.empty())
        set_code(self, msg.code, msg.at_beat, msg.section);
    },
    [self](const director_cut& x) {
      auto& st = self->state;
      if (x.kind != "section")
        return;
      const auto cut = on_local_timeline(x, *st.ctx->clock, st.config.quantum);
      if (cut.epoch < st.progress.cut_epoch
          || (cut.epoch == st.progress.cut_epoch && cut.seq != 0
              && cut.seq <= st.progress.cut_seq)) {
        ++st.stale_dropped;
        return;
      }
      st.progress.cut_epoch = cut.epoch;
      st.progress.cut_seq = cut.seq;
      st.checkpoints->changed();
      auto code = st.config.sections.find(cut.value);
      if (code != st.config.sections.end())
        set_code(self, code->second, cut.at_beat, cut.value);
    },
    [self](atom::status, const std::string& event, const std::string& detail) {
      auto& st = self->state;
      auto was = st.connection;
      st.connection = event == "connected" ? "connected" : "connecting";
      st.connection_detail = detail;
      if (event == "connected") {
        st.log->info("strudel connected to the host at {}", detail);
        // A new connection (maybe a restarted host): everything again.
        boost::json::object hello{{"type", "hello"},
                                  {"node", st.config.node},
                                  {"epoch", st.config.epoch}};
        st.link->send(fixed(std::move(hello)));
        send_clock(self);
        if (!st.params.empty())
          send_params(self);
        send_code(self);
      } else if (was == "connected") {
        st.log->warn("strudel lost the host: {}", detail);
      }
    },
    [self](atom::request, const std::string& text) { handle_host_message(self, text); },
    [self](atom::tick) {
      auto& st = self->state;
      auto now = self->clock().now();
      if (st.flush_armed && now >= st.params_sent_at) {
        st.flush_armed = false;
        if (st.params_dirty && st.connection == "connected")
          send_params(self);
      }
      // One periodic loop: only a tick at or after its time re-arms it.
      if (now >= st.periodic_at) {
        st.periodic_at = now + st.config.clock_interval;
        self->delayed_send(self, st.config.clock_interval, atom::tick_v);
        if (now >= st.next_clock_at && st.connection == "connected")
          send_clock(self);
      }
    },
    [self](atom::checkpoint) { self->state.checkpoints->due(); },
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      auto& link = st.link->stats();
      boost::json::object params;
      for (auto& [name, value] : st.params)
        params[name] = value;
      boost::json::object state{
        {"host", st.config.host + ":" + st.config.port},
        {"connection", st.connection},
        {"connection_detail", st.connection_detail},
        {"connects", link.connects.load()},
        {"connect_failures", link.connect_failures.load()},
        {"written", link.written.load()},
        {"dropped", link.dropped.load()},
        {"pings_answered", link.pings.load()},
        {"sent", counts(st.sent)},
        {"received", counts(st.received)},
        {"refused", counts(st.refused)},
        {"last_refused", st.last_refused},
        {"host_refused", counts(st.host_refused)},
        {"last_host_refused", st.last_host_refused},
        {"stale_dropped", st.stale_dropped},
        {"code", {{"id", st.progress.code_id},
                  {"text", st.progress.code},
                  {"at_beat", st.progress.at_beat},
                  {"section", st.progress.section},
                  {"applied_id", st.code_applied_id},
                  {"applied_beat", st.code_applied_beat}}},
        {"session", {{"epoch", st.progress.session_epoch}, {"seq", st.progress.session_seq}}},
        {"params", std::move(params)},
        {"max_rate", st.config.max_rate},
        {"host_health", st.host_health},
        {"host_last_error", st.last_host_error},
        {"mailbox", self->mailbox().size()}};
      st.checkpoints->describe(state);
      return boost::json::serialize(state);
    },
  };
}

actor_kind strudel_kind() {
  actor_kind kind;
  kind.name = "strudel";
  kind.summary = "bridge to the Strudel host: params, clock and code over WebSocket";
  caf::config_option_adder{kind.options, "options"}
    .add<std::string>("host", "host:port of the Strudel host (default 127.0.0.1:9600)")
    .add<int64_t>("max-rate", "params go out at most this often, Hz (default 100)")
    .add<caf::timespan>("clock-interval", "the clock goes out at least this often (default 1s)")
    .add<caf::timespan>("retry", "first reconnect delay, doubling (default 200ms)")
    .add<caf::timespan>("retry-max", "longest reconnect delay (default 5s)")
    .add<std::string>("code", "Strudel code played until the session or a cut brings some")
    .add<caf::config_value>("sections", "section name = \"code\" for director section cuts");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto fail = [&](const std::string& what) {
      return make_error(ec::spawn_failed, spec.name + ": " + what);
    };
    strudel_config config;
    auto address = caf::get_or(spec.options, "host", std::string{"127.0.0.1:9600"});
    auto colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address.size())
      return fail("option 'host': '" + address + "' is not host:port");
    config.host = address.substr(0, colon);
    config.port = address.substr(colon + 1);
    char* end = nullptr;
    auto port = std::strtol(config.port.c_str(), &end, 10);
    if (*end != '\0' || port < 1 || port > 65535)
      return fail("option 'host': port '" + config.port + "' is not 1..65535");
    config.max_rate = caf::get_or(spec.options, "max-rate", int64_t{100});
    if (config.max_rate < 1 || config.max_rate > 1000)
      return fail("option 'max-rate': not 1..1000");
    config.clock_interval
      = caf::get_or(spec.options, "clock-interval", caf::timespan{std::chrono::seconds{1}});
    if (config.clock_interval < std::chrono::milliseconds{10})
      return fail("option 'clock-interval': below 10ms");
    config.retry = std::chrono::duration_cast<std::chrono::milliseconds>(
      caf::get_or(spec.options, "retry", caf::timespan{std::chrono::milliseconds{200}}));
    config.retry_max = std::chrono::duration_cast<std::chrono::milliseconds>(
      caf::get_or(spec.options, "retry-max", caf::timespan{std::chrono::seconds{5}}));
    if (config.retry.count() < 1 || config.retry_max < config.retry)
      return fail("options 'retry'/'retry-max': need 1ms <= retry <= retry-max");
    config.fallback_code = caf::get_or(spec.options, "code", std::string{});
    if (auto sections = caf::get_if<caf::settings>(&spec.options, "sections")) {
      for (auto& [name, value] : *sections) {
        auto code = caf::get_if<std::string>(&value);
        if (!code)
          return fail("option 'sections': '" + name + "' is not a string of code");
        config.sections[name] = *code;
      }
    }
    config.quantum = ctx->config.clock.quantum;
    config.node = ctx->config.node;
    auto checkpoints = checkpointer::of(spec, *ctx);
    if (spec.movable) {
      config.epoch = checkpoints->epoch();
    } else {
      auto entry = ctx->names->find(spec.name);
      config.epoch = entry ? entry->proxy->incarnations() + 1 : 1;
    }
    return caf::actor_cast<caf::actor>(
      sys.spawn(strudel, ctx, std::move(config), std::move(checkpoints)));
  };
  return kind;
}

} // namespace lume

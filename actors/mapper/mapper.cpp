#include "actors/mapper/mapper.hpp"

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/make_message.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/sensing/config_any.hpp"
#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

double seconds(caf::timespan x) {
  return std::chrono::duration<double>(x).count();
}

void send_osc(mapper_state& st) {
  for (std::size_t i = 0; i < st.params.size(); ++i)
    st.osc_values[i].value = static_cast<float>(st.params[i].value);
  auto written = net::encode_param_bundle(st.osc_values, st.osc_buffer.data(), st.osc_buffer.size());
  if (!written && written.error == net::encode_error::buffer_too_small) {
    st.osc_buffer.resize(st.osc_buffer.size() * 4);
    written = net::encode_param_bundle(st.osc_values, st.osc_buffer.data(), st.osc_buffer.size());
  }
  for (auto& target : st.targets) {
    if (written && target.socket->send(st.osc_buffer.data(), written.size))
      ++target.sent;
    else
      ++target.send_errors;
  }
}

/// Moves every parameter along its smoothing up to `now`, towards the
/// targets that held since the last update.
void smooth_until(mapper_state& st, caf::actor_clock::time_point now) {
  const double dt = seconds(now - st.last_smooth);
  for (auto& p : st.params)
    p.value = smooth_towards(p.value, p.target, dt, p.spec.smoothing_s);
  st.last_smooth = now;
}

/// Smooths every parameter up to `now` and sends them everywhere.
void send_params(mapper_self self, caf::actor_clock::time_point now) {
  auto& st = self->state;
  smooth_until(st, now);
  send_osc(st);
  if (!st.subscribers->empty()) {
    music_params msg;
    msg.origin_us = st.newest_origin_us;
    for (auto& p : st.params)
      msg.values.emplace(p.spec.name, p.value);
    st.subscribers->publish(caf::make_message(std::move(msg)), self->context());
  }
  const auto now_us = host_now_us();
  for (auto& [source, origin_us] : st.pending)
    st.osc_hops.record(source, origin_us, now_us);
  st.pending.clear();
  st.dirty = false;
  st.sent_any = true;
  st.last_send = now;
  ++st.sends;
  st.checkpoints->changed();
}

mapper_checkpoint snapshot(const mapper_state& st) {
  mapper_checkpoint result;
  for (auto& p : st.params)
    result.params.push_back({p.spec.name, p.target, p.value});
  return result;
}

/// Takes over the parameters of a previous incarnation (by name: a param
/// the config no longer has is ignored).
void resume(mapper_state& st, const mapper_checkpoint& saved) {
  for (auto& x : saved.params)
    for (auto& p : st.params)
      if (p.spec.name == x.name) {
        p.target = x.target;
        p.value = x.value;
      }
}

void send_on_input(mapper_self self, caf::actor_clock::time_point now) {
  send_params(self, now);
  self->state.last_input_send = now;
  ++self->state.sends_on_input;
}

/// Sends now if the last send on input is `min_interval` old, else once it is.
void send_soon(mapper_self self) {
  auto& st = self->state;
  if (!st.config.on_input || st.deferred)
    return;
  auto now = self->clock().now();
  if (st.sends_on_input == 0 || now - st.last_input_send >= st.config.min_interval) {
    send_on_input(self, now);
  } else {
    st.deferred = true;
    st.deferred_at = st.last_input_send + st.config.min_interval;
    self->scheduled_send(self, st.deferred_at, atom::tick_v);
  }
}

boost::json::object state_json(mapper_self self) {
  auto& st = self->state;
  boost::json::object params;
  for (auto& p : st.params) {
    boost::json::object x{{"value", p.value},
                          {"target", p.target},
                          {"feature", p.spec.feature},
                          {"curve", to_string(p.spec.curve)},
                          {"smoothing_s", p.spec.smoothing_s}};
    x["input"] = p.input ? boost::json::value(*p.input) : boost::json::value(nullptr);
    params[p.spec.name] = std::move(x);
  }
  boost::json::array targets;
  for (auto& t : st.targets)
    targets.push_back(boost::json::object{{"endpoint", t.socket->endpoint()},
                                          {"sent", t.sent},
                                          {"send_errors", t.send_errors}});
  boost::json::object state{{"params", std::move(params)},
                            {"targets", std::move(targets)},
                            {"subscribers", st.subscribers->to_json()},
                            {"period_s", seconds(st.config.period)},
                            {"on_input", st.config.on_input},
                            {"min_interval_s", seconds(st.config.min_interval)},
                            {"inputs", st.inputs},
                            {"sends", st.sends},
                            {"sends_on_input", st.sends_on_input},
                            {"overrides", st.overrides},
                            {"unknown_overrides", st.unknown_overrides},
                            {"mailbox", self->mailbox().size()}};
  st.checkpoints->describe(state);
  return state;
}

} // namespace

mapper_actor::behavior_type mapper(mapper_self self, std::shared_ptr<const node_context> ctx,
                                   std::string name, mapper_config config,
                                   std::vector<std::shared_ptr<net::udp_sender>> targets,
                                   std::shared_ptr<checkpointer> checkpoints) {
  auto& st = self->state;
  st.config = std::move(config);
  st.checkpoints = std::move(checkpoints);
  for (auto& spec : st.config.params) {
    mapper_param p;
    p.spec = spec;
    p.target = p.value = map_feature(spec, spec.in_low);
    st.followers[spec.feature].push_back(st.params.size());
    st.osc_values.push_back({spec.name, static_cast<float>(p.value)});
    st.params.push_back(std::move(p));
  }
  for (auto& socket : targets)
    st.targets.push_back({std::move(socket)});
  st.subscribers.emplace(ctx->names, st.config.subscribers);
  st.in_hops = hop_set{ctx->latency, name + ".in"};
  st.osc_hops = hop_set{ctx->latency, name + ".osc"};
  st.osc_buffer.resize(4096);
  mapper_checkpoint saved;
  if (st.checkpoints->restore(self->system(), saved))
    resume(st, saved);
  st.checkpoints->attach(self, [self] { return snapshot(self->state); });
  st.last_smooth = self->clock().now();
  st.next_periodic = st.last_smooth + st.config.period;
  self->scheduled_send(self, st.next_periodic, atom::tick_v);
  return {
    [self](const feature_vector& msg) {
      auto& st = self->state;
      st.in_hops.record(msg.source, msg.origin_us, host_now_us());
      ++st.inputs;
      smooth_until(st, self->clock().now());
      bool followed = false;
      for (auto& [feature, x] : msg.values) {
        auto i = st.followers.find(feature);
        if (i == st.followers.end())
          continue;
        for (auto index : i->second) {
          auto& p = st.params[index];
          p.input = x;
          p.target = map_feature(p.spec, x);
        }
        followed = true;
      }
      if (!followed)
        return;
      auto& newest = st.pending[msg.source];
      newest = std::max(newest, msg.origin_us);
      st.newest_origin_us = std::max(st.newest_origin_us, msg.origin_us);
      st.dirty = true;
      send_soon(self);
      st.checkpoints->changed();
    },
    [self](const music_params& msg) {
      auto& st = self->state;
      for (auto& [name, value] : msg.values) {
        auto p = std::find_if(st.params.begin(), st.params.end(),
                              [&](const mapper_param& x) { return x.spec.name == name; });
        if (p == st.params.end()) {
          ++st.unknown_overrides;
          continue;
        }
        p->target = p->value = value;
        ++st.overrides;
      }
      st.dirty = true;
      send_soon(self);
      st.checkpoints->changed();
    },
    [self](atom::tick) {
      auto& st = self->state;
      auto now = self->clock().now();
      if (st.deferred && now >= st.deferred_at) {
        st.deferred = false;
        if (st.dirty)
          send_on_input(self, now);
      }
      if (now < st.next_periodic)
        return;
      if (!st.sent_any || now - st.last_send >= st.config.period)
        send_params(self, now);
      st.next_periodic += st.config.period;
      if (st.next_periodic <= now)
        st.next_periodic = now + st.config.period;
      self->scheduled_send(self, st.next_periodic, atom::tick_v);
    },
    [self](atom::checkpoint) { self->state.checkpoints->due(); },
    [self](atom::inspect) -> std::string { return boost::json::serialize(state_json(self)); },
  };
}

actor_kind mapper_kind() {
  actor_kind kind;
  kind.name = "mapper";
  kind.summary = "maps feature_vector to music params, sent as OSC and music_params";
  caf::config_option_adder{kind.options, "options"}
    .add<caf::config_value>("params", "NAME = {feature, in, out, curve, steepness, smoothing} per param")
    .add<std::vector<std::string>>("targets", "host:port list that receives the OSC bundles")
    .add<std::vector<std::string>>("subscribers", "names that receive music_params")
    .add<int64_t>("rate", "sends at least this often, Hz (default 50)")
    .add<bool>("on-input", "also sends when new features arrive (default true)")
    .add<int64_t>("max-rate", "sends on input at most this often, Hz (default 500)");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto fail = [&](const std::string& what) { return make_error(ec::spawn_failed, spec.name + ": " + what); };
    mapper_config config;
    auto params = read_param_specs(caf::get_or(spec.options, "params", caf::settings{}));
    if (spec.options.contains("params") && !caf::get_if<caf::settings>(&spec.options, "params"))
      return fail("option 'params': expected { NAME = { feature = ..., ... }, ... }");
    if (auto err = std::get_if<std::string>(&params))
      return fail("option 'params': " + *err);
    config.params = std::move(std::get<0>(params));
    auto rate = caf::get_or(spec.options, "rate", int64_t{50});
    auto max_rate = caf::get_or(spec.options, "max-rate", int64_t{500});
    if (rate < 1 || rate > 1000 || max_rate < 1 || max_rate > 10000)
      return fail("options 'rate' (1..1000 Hz) and 'max-rate' (1..10000 Hz) out of range");
    config.period = std::chrono::microseconds{1'000'000 / rate};
    config.min_interval = std::chrono::microseconds{1'000'000 / max_rate};
    config.on_input = caf::get_or(spec.options, "on-input", true);
    config.subscribers = caf::get_or(spec.options, "subscribers", std::vector<std::string>{});
    std::vector<std::shared_ptr<net::udp_sender>> targets;
    for (auto& endpoint : caf::get_or(spec.options, "targets", std::vector<std::string>{})) {
      auto socket = net::udp_sender::open(endpoint);
      if (auto err = std::get_if<std::string>(&socket))
        return fail("option 'targets': " + *err);
      targets.push_back(std::make_shared<net::udp_sender>(std::move(std::get<net::udp_sender>(socket))));
    }
    return caf::actor_cast<caf::actor>(
      sys.spawn(mapper, ctx, spec.name, std::move(config), std::move(targets),
                checkpointer::of(spec, *ctx)));
  };
  return kind;
}

} // namespace lume

#include "actors/mapper/mapper.hpp"

#include <cmath>
#include <cstdio>

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
  ++st.sends;
  st.checkpoints->changed();
}

/// Sets the input range of every param the calibration measured (and that
/// still follows the same feature); the others keep theirs.
void apply_calibration(mapper_state& st, calibration x) {
  for (auto& p : st.params) {
    auto i = x.params.find(p.spec.name);
    if (i == x.params.end() || i->second.feature != p.spec.feature)
      continue;
    p.spec.in_low = i->second.low;
    p.spec.in_high = i->second.high;
    p.spec.in_centre = i->second.centre;
    p.range_from = "calibrated";
    p.adaptive.reset();
    if (p.input)
      p.target = map_feature(p.spec, *p.input);
  }
  st.calibrated = std::move(x);
}

mapper_checkpoint snapshot(const mapper_state& st) {
  mapper_checkpoint result;
  for (auto& p : st.params)
    result.params.push_back({p.spec.name, p.target, p.value});
  if (st.calibrated)
    result.calibration = boost::json::serialize(to_json(*st.calibrated));
  return result;
}

/// Takes over the parameters of a previous incarnation (by name: a param
/// the config no longer has is ignored) and its calibration.
void resume(mapper_state& st, const mapper_checkpoint& saved) {
  for (auto& x : saved.params)
    for (auto& p : st.params)
      if (p.spec.name == x.name) {
        p.target = x.target;
        p.value = x.value;
      }
  if (saved.calibration.empty())
    return;
  boost::system::error_code err;
  auto json = boost::json::parse(saved.calibration, err);
  if (err)
    return;
  auto restored = calibration_from_json(json);
  if (auto x = std::get_if<calibration>(&restored))
    apply_calibration(st, std::move(*x));
}

/// A feature value of a calibration under way (at most this many per feature).
constexpr std::size_t max_calibration_samples = 200'000;

/// Feeds one value of `feature` to every param that follows it.
void follow(mapper_state& st, const std::string& feature, double x, double t_s) {
  auto i = st.followers.find(feature);
  if (i == st.followers.end())
    return;
  if (st.calibrating) {
    auto& samples = st.calibrating->samples[feature];
    if (samples.size() < max_calibration_samples && std::isfinite(x))
      samples.push_back(x);
  }
  for (auto index : i->second) {
    auto& p = st.params[index];
    p.input = x;
    if (p.adaptive) {
      p.adaptive->add(x, t_s);
      auto& range = p.adaptive->range();
      p.spec.in_low = range.low;
      p.spec.in_high = range.high;
      p.spec.in_centre = range.centre;
    }
    p.target = map_feature(p.spec, x);
  }
}

std::string error_json(const std::string& text) {
  return boost::json::serialize(boost::json::object{{"error", text}});
}

/// Ends the calibration under way: sets the ranges, saves them, answers.
void finish_calibration(mapper_self self) {
  auto& st = self->state;
  auto run = std::move(*st.calibrating);
  st.calibrating.reset();
  auto made = make_calibration(st.config.params, run.samples, st.config.percentiles,
                               st.config.performer, utc_now_text(), run.seconds);
  // A param this one left unchanged keeps (and the file keeps) its range
  // from the calibration before.
  if (st.calibrated)
    for (auto& [name, why] : made.unchanged)
      if (auto before = st.calibrated->params.find(name); before != st.calibrated->params.end()) {
        made.params.emplace(name, before->second);
        why += "; keeps its calibration of " + st.calibrated->when;
      }
  auto answer = to_json(made).as_object();
  apply_calibration(st, std::move(made));
  ++st.calibrations;
  st.save_error.clear();
  if (st.config.calibration_path.empty()) {
    answer["saved"] = nullptr;
  } else if (auto err = save_calibration(*st.calibrated, st.config.calibration_path)) {
    st.save_error = *err;
    answer["saved"] = nullptr;
    answer["save_error"] = *err;
  } else {
    answer["saved"] = st.config.calibration_path;
  }
  run.promise.deliver(boost::json::serialize(answer));
  st.checkpoints->changed();
}

/// Whether the send of grid point `next_periodic` is due: no send on input
/// went out after the previous grid point.
bool periodic_due(const mapper_state& st) {
  return st.sends_on_input == 0 || st.last_input_send + st.config.period <= st.next_periodic;
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
                          {"in", boost::json::array{p.spec.in_low, p.spec.in_high}},
                          {"range", p.range_from},
                          {"curve", to_string(p.spec.curve)},
                          {"smoothing_s", p.spec.smoothing_s}};
    x["input"] = p.input ? boost::json::value(*p.input) : boost::json::value(nullptr);
    if (p.spec.in_centre)
      x["centre"] = *p.spec.in_centre;
    if (p.adaptive)
      x["auto_samples"] = p.adaptive->samples();
    if (p.spec.min_span > 0)
      x["min_span"] = p.spec.min_span;
    params[p.spec.name] = std::move(x);
  }
  boost::json::value calibrating = nullptr;
  if (st.calibrating) {
    boost::json::object samples;
    for (auto& [feature, xs] : st.calibrating->samples)
      samples[feature] = xs.size();
    calibrating = boost::json::object{
      {"seconds", st.calibrating->seconds},
      {"left_s", seconds(st.calibrating->ends - self->clock().now())},
      {"samples", std::move(samples)}};
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
                            {"auto_decay_s", st.config.auto_decay_s},
                            {"percentiles", boost::json::array{st.config.percentiles.low,
                                                               st.config.percentiles.high}},
                            {"performer", st.config.performer},
                            {"calibration_file", st.config.calibration_path},
                            {"calibration", st.calibrated ? to_json(*st.calibrated)
                                                          : boost::json::value(nullptr)},
                            {"calibrating", std::move(calibrating)},
                            {"calibrations", st.calibrations},
                            {"mailbox", self->mailbox().size()}};
  if (!st.save_error.empty())
    state["save_error"] = st.save_error;
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
    if (spec.adaptive) {
      p.range_from = "auto";
      p.adaptive.emplace(adaptive_range::settings{st.config.auto_decay_s, st.config.percentiles,
                                                  spec.min_span, spec.neutral});
    }
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
  if (st.config.loaded)
    apply_calibration(st, *st.config.loaded);
  mapper_checkpoint saved;
  if (st.checkpoints->restore(self->system(), saved))
    resume(st, saved);
  st.checkpoints->attach(self, [self] { return snapshot(self->state); });
  st.started = st.last_smooth = self->clock().now();
  st.next_periodic = st.last_smooth + st.config.period;
  self->scheduled_send(self, st.next_periodic, atom::tick_v);
  return {
    [self](const feature_vector& msg) {
      auto& st = self->state;
      st.in_hops.record(msg.source, msg.origin_us, host_now_us());
      ++st.inputs;
      const auto now = self->clock().now();
      smooth_until(st, now);
      const double t_s = seconds(now - st.started);
      bool followed = false;
      for (auto& [feature, x] : msg.values) {
        if (st.followers.count(feature) == 0)
          continue;
        follow(st, feature, x, t_s);
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
    [self](atom::calibrate, double duration_s) -> caf::result<std::string> {
      auto& st = self->state;
      auto now = self->clock().now();
      if (st.calibrating) {
        char text[80];
        std::snprintf(text, sizeof(text), "already calibrating (%.1f s left)",
                      seconds(st.calibrating->ends - now));
        return error_json(text);
      }
      if (duration_s == 0)
        duration_s = st.config.calibration_s;
      if (!(duration_s > 0 && duration_s <= 600))
        return error_json("a calibration lasts more than 0 and at most 600 seconds");
      auto& run = st.calibrating.emplace();
      run.seconds = duration_s;
      run.ends = now + std::chrono::duration_cast<caf::timespan>(
                         std::chrono::duration<double>{duration_s});
      run.promise = self->make_response_promise<std::string>();
      self->scheduled_send(self, run.ends, atom::tick_v);
      return run.promise;
    },
    [self](atom::tick) {
      auto& st = self->state;
      auto now = self->clock().now();
      if (st.calibrating && now >= st.calibrating->ends)
        finish_calibration(self);
      if (st.deferred && now >= st.deferred_at) {
        st.deferred = false;
        if (st.dirty)
          send_on_input(self, now);
      }
      if (now < st.next_periodic)
        return;
      // The periodic sends keep to their grid (next_periodic), whatever the
      // tick's lateness: one is due at each grid point unless a send on
      // input went out within the period before it.
      if (periodic_due(st))
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

namespace {

/// Reads `auto-decay`, `percentiles`, `calibration-time`, `calibration`,
/// `performer`, and loads the calibration file; an error text names the option.
std::optional<std::string> read_adaptive_options(const caf::settings& options, mapper_config& config) {
  auto timespan = [&](const char* key, double fallback_s, double& out) -> std::optional<std::string> {
    if (!options.contains(key)) {
      out = fallback_s;
      return std::nullopt;
    }
    auto span = caf::get_if<caf::timespan>(&options, key);
    if (!span || span->count() <= 0)
      return std::string{"option '"} + key + "': expected a duration > 0 such as 30s";
    out = seconds(*span);
    return std::nullopt;
  };
  if (auto err = timespan("auto-decay", 30, config.auto_decay_s))
    return err;
  if (auto err = timespan("calibration-time", 20, config.calibration_s))
    return err;
  if (config.calibration_s > 50)
    return std::string{"option 'calibration-time': at most 50s (the REPL waits a minute)"};
  if (auto i = options.find("percentiles"); i != options.end()) {
    auto list = caf::get_if<caf::config_value::list>(&i->second);
    std::optional<double> low, high;
    if (list != nullptr && list->size() == 2) {
      low = config_number((*list)[0]);
      high = config_number((*list)[1]);
    }
    if (!low || !high || !(*low > 0 && *low < 50 && *high > 50 && *high < 100))
      return std::string{"option 'percentiles': expected [low, high] percent, 0 < low < 50 < high < 100"};
    config.percentiles = {*low / 100, *high / 100};
  }
  config.performer = caf::get_or(options, "performer", std::string{});
  config.calibration_path = caf::get_or(options, "calibration", std::string{});
  if (config.calibration_path.empty())
    return std::nullopt;
  auto loaded = load_calibration(config.calibration_path);
  if (auto err = std::get_if<std::string>(&loaded))
    return "option 'calibration': " + *err;
  config.loaded = std::get<0>(std::move(loaded));
  if (config.loaded && !config.performer.empty() && config.loaded->performer != config.performer)
    return "option 'calibration': " + config.calibration_path + " is performer '"
           + config.loaded->performer + "', not '" + config.performer + "'";
  if (config.loaded && config.performer.empty())
    config.performer = config.loaded->performer;
  return std::nullopt;
}

} // namespace

actor_kind mapper_kind() {
  actor_kind kind;
  kind.name = "mapper";
  kind.summary = "maps feature_vector to music params, sent as OSC and music_params";
  caf::config_option_adder{kind.options, "options"}
    .add<caf::config_value>("params", "NAME = {feature, in, out, curve, steepness, smoothing, min-span, neutral} per param")
    .add<std::vector<std::string>>("targets", "host:port list that receives the OSC bundles")
    .add<std::vector<std::string>>("subscribers", "names that receive music_params")
    .add<int64_t>("rate", "sends at least this often, Hz (default 50)")
    .add<bool>("on-input", "also sends when new features arrive (default true)")
    .add<int64_t>("max-rate", "sends on input at most this often, Hz (default 500)")
    .add<caf::timespan>("auto-decay", "how fast in = \"auto\" ranges forget (default 30s)")
    .add<caf::config_value>("percentiles", "[low, high] percent of auto and calibrated ranges (default [5, 95])")
    .add<caf::timespan>("calibration-time", "length of a calibrate without SECONDS (default 20s)")
    .add<std::string>("calibration", "file the performer's calibration is loaded from and saved to")
    .add<std::string>("performer", "the performer the calibration belongs to");
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
    if (auto err = read_adaptive_options(spec.options, config))
      return fail(*err);
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

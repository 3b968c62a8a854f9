#include "actors/san/san.hpp"

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/make_message.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/san/gesture_template.hpp"
#include "actors/sensing/config_any.hpp"
#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

/// Spread of a template feature below which it is not scaled further.
constexpr double scale_floor = 0.05;

std::vector<std::string> default_dims() {
  return {"motion.left_hand_above_root_m", "motion.right_hand_above_root_m",
          "motion.chest_flex_deg", "motion.root_above_floor_m"};
}

void publish(san_self self, gesture g) {
  self->state.subscribers->publish(caf::make_message(std::move(g)), self->context());
}

void on_energy(san_self self, double energy, std::int64_t origin_us) {
  auto& st = self->state;
  st.energy = energy;
  auto prediction = st.predictor.push(energy, origin_us);
  if (!prediction)
    return;
  st.prediction = prediction;
  st.predicted_beat = st.clock->beat_at(micros{prediction->next_peak_us}, st.quantum);
  ++st.predictions;
  publish(self, gesture{"peak", prediction->confidence, prediction->intensity, origin_us,
                        prediction->next_peak_us, st.predicted_beat});
}

void on_frame(san_self self, const feature_vector& msg) {
  auto& st = self->state;
  for (std::size_t d = 0; d < st.config.dims.size(); ++d) {
    auto i = msg.values.find(st.config.dims[d]);
    if (i == msg.values.end()) {
      ++st.incomplete;
      return;
    }
    st.frame[d] = i->second;
  }
  for (auto& g : st.config.gestures) {
    auto match = g.matcher.push(st.frame.data(), msg.origin_us);
    if (!match)
      continue;
    ++g.matches;
    g.last = match;
    publish(self, gesture{g.name, match->confidence, st.energy, msg.origin_us, match->end_us,
                          st.clock->beat_at(micros{match->end_us}, st.quantum)});
  }
}

boost::json::object state_json(san_self self) {
  auto& st = self->state;
  boost::json::value prediction = nullptr;
  if (st.prediction)
    prediction = boost::json::object{{"last_peak_us", st.prediction->last_peak_us},
                                     {"next_peak_us", st.prediction->next_peak_us},
                                     {"predicted_beat", st.predicted_beat},
                                     {"offset_beats", st.predicted_beat - std::round(st.predicted_beat)},
                                     {"intensity", st.prediction->intensity},
                                     {"period_s", st.prediction->period_s},
                                     {"confidence", st.prediction->confidence}};
  boost::json::array gestures;
  for (auto& g : st.config.gestures) {
    boost::json::object x{{"name", g.name},
                          {"template_frames", g.matcher.length()},
                          {"threshold", g.matcher.threshold()},
                          {"matches", g.matches}};
    auto cost = g.matcher.current_cost();
    x["current_cost"] = std::isfinite(cost) ? boost::json::value(cost) : boost::json::value(nullptr);
    if (g.last)
      x["last"] = boost::json::object{{"confidence", g.last->confidence},
                                      {"start_us", g.last->start_us},
                                      {"end_us", g.last->end_us}};
    gestures.push_back(std::move(x));
  }
  return {{"energy_feature", st.config.energy_feature},
          {"peaks", st.predictor.peaks()},
          {"predictions", st.predictions},
          {"prediction", std::move(prediction)},
          {"gestures", std::move(gestures)},
          {"inputs", st.inputs},
          {"incomplete", st.incomplete},
          {"subscribers", st.subscribers->to_json()},
          {"mailbox", self->mailbox().size()}};
}

/// Reads `gestures = { NAME = { template = "...", threshold = 1.0 } }`.
std::variant<std::vector<san_gesture>, std::string>
read_gestures(const caf::settings& options, const std::vector<std::string>& dims) {
  std::vector<san_gesture> result;
  auto i = options.find("gestures");
  if (i == options.end())
    return result;
  auto entries = caf::get_if<caf::settings>(&i->second);
  if (entries == nullptr)
    return std::string{"option 'gestures': expected { NAME = { template = ..., threshold = ... } }"};
  for (auto& [name, value] : *entries) {
    auto entry = caf::get_if<caf::settings>(&value);
    auto file = entry ? caf::get_or(*entry, "template", std::string{}) : std::string{};
    if (file.empty())
      return "gesture '" + name + "': expected { template = \"FILE\", threshold = 1.0 }";
    double threshold = 1.0;
    if (auto i = entry->find("threshold"); i != entry->end()) {
      if (auto real = caf::get_if<double>(&i->second))
        threshold = *real;
      else if (auto whole = caf::get_if<int64_t>(&i->second))
        threshold = static_cast<double>(*whole);
      else
        threshold = 0;
    }
    if (!(threshold > 0))
      return "gesture '" + name + "': 'threshold' must be a positive number";
    auto pattern = load_gesture_template(file, dims);
    if (auto err = std::get_if<std::string>(&pattern))
      return "gesture '" + name + "': " + *err;
    auto& seq = std::get<feature_sequence>(pattern);
    auto scale = scales_of(seq, scale_floor);
    result.push_back({name, subsequence_matcher{std::move(seq), std::move(scale), threshold}, 0, {}});
  }
  return result;
}

} // namespace

san_actor::behavior_type san(san_self self, std::shared_ptr<const node_context> ctx,
                             std::string name, san_config config) {
  auto& st = self->state;
  st.config = std::move(config);
  st.predictor = peak_predictor{st.config.peaks};
  st.clock = ctx->clock;
  st.quantum = ctx->config.clock.quantum;
  st.frame.resize(st.config.dims.size());
  st.subscribers.emplace(ctx->names, st.config.subscribers);
  st.in_hops = hop_set{ctx->latency, name + ".in"};
  return {
    [self](const feature_vector& msg) {
      auto& st = self->state;
      st.in_hops.record(msg.source, msg.origin_us, host_now_us());
      ++st.inputs;
      if (auto i = msg.values.find(st.config.energy_feature); i != msg.values.end())
        on_energy(self, i->second, msg.origin_us);
      if (!st.config.gestures.empty())
        on_frame(self, msg);
    },
    [self](atom::inspect) -> std::string { return boost::json::serialize(state_json(self)); },
  };
}

actor_kind san_kind() {
  actor_kind kind;
  kind.name = "san";
  kind.summary = "predicts motion peaks on the beat grid and recognizes gestures (DTW)";
  caf::config_option_adder{kind.options, "options"}
    .add<std::vector<std::string>>("subscribers", "names that receive gesture events")
    .add<std::string>("energy-feature", "feature whose peaks are predicted (motion.energy_j)")
    .add<double>("min-peak", "smallest peak of the energy feature, J (default 2.0)")
    .add<std::vector<std::string>>("features", "features the gesture templates are compared on")
    .add<caf::config_value>("gestures", "NAME = { template = \"FILE.lumerec\", threshold = 1.0 }");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    san_config config;
    config.subscribers = caf::get_or(spec.options, "subscribers", std::vector<std::string>{});
    config.energy_feature = caf::get_or(spec.options, "energy-feature", config.energy_feature);
    config.peaks.min_peak = caf::get_or(spec.options, "min-peak", config.peaks.min_peak);
    if (!(config.peaks.min_peak > 0))
      return make_error(ec::spawn_failed, spec.name + ": option 'min-peak' must be positive");
    config.dims = caf::get_or(spec.options, "features", default_dims());
    if (config.dims.empty())
      return make_error(ec::spawn_failed, spec.name + ": option 'features' names no feature");
    auto gestures = read_gestures(spec.options, config.dims);
    if (auto err = std::get_if<std::string>(&gestures))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    config.gestures = std::move(std::get<0>(gestures));
    return caf::actor_cast<caf::actor>(sys.spawn(san, ctx, spec.name, std::move(config)));
  };
  return kind;
}

} // namespace lume

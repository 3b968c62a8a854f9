#include <map>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/settings.hpp>

#include "actors/director/director.hpp"
#include "net/udp_sender.hpp"
#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

using strings = std::vector<std::string>;

} // namespace

actor_kind director_kind() {
  actor_kind kind;
  kind.name = "director";
  kind.summary = "decides camera cuts, scene and section changes on the beat grid";
  caf::config_option_adder{kind.options, "options"}
    .add<caf::timespan>("tick", "time between two rounds of the rules (default 250ms)")
    .add<strings>("cameras", "camera sources, the first live at start")
    .add<strings>("scenes", "visual scenes until the session names the song's")
    .add<strings>("sections", "music sections until the session names the song's")
    .add<double>("min-shot", "a shot lasts at least this many beats (default 4)")
    .add<double>("max-shot", "a shot this long cuts to the next camera, beats (16; 0: never)")
    .add<std::string>("energy-input", "music param or feature driving sections (energy)")
    .add<double>("energy-high", "level at or above which energy is high (0.7)")
    .add<double>("energy-low", "level at or below which energy is low (0.3)")
    .add<double>("energy-hold", "beats a level must hold before it switches (2)")
    .add<std::string>("high-section", "section on a switch to high energy (drop)")
    .add<std::string>("low-section", "section on a switch to low energy (breakdown)")
    .add<std::string>("high-scene", "scene on a switch to high energy (none)")
    .add<std::string>("low-scene", "scene on a switch to low energy (none)")
    .add<std::map<std::string, std::string>>("gestures",
                                             "gesture → \"KIND:VALUE\", e.g. { raise = \"scene:storm\" }")
    .add<double>("gesture-confidence", "a gesture counts from this confidence (0.6)")
    .add<double>("peak-confidence", "a predicted peak places a cut from this confidence (0.7)")
    .add<std::string>("camera-rule", "grid of camera cuts: beat, bar or phrase (beat)")
    .add<std::string>("scene-rule", "grid of scene changes (bar)")
    .add<std::string>("section-rule", "grid of section changes (phrase)")
    .add<int64_t>("phrase-bars", "bars per phrase (default 4)")
    .add<caf::timespan>("margin", "decisions land at least this far ahead (default 60ms)")
    .add<caf::timespan>("tolerance", "a cut may go out this late past its beat (default 20ms)")
    .add<double>("late-window",
                 "a successor sends late the decisions due this many beats before (1; 0: none)")
    .add<strings>("targets", "host:port list that receives the OSC cuts")
    .add<strings>("subscribers", "names that receive director_cut")
    .add<std::string>("quantizer", "name of the quantizer (default \"quantizer\")");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto fail = [&](const std::string& what) {
      return make_error(ec::spawn_failed, spec.name + ": " + what);
    };
    auto& o = spec.options;
    director_setup setup;
    auto& r = setup.rules;
    r.cameras = caf::get_or(o, "cameras", strings{"wide", "close", "overhead"});
    r.scenes = caf::get_or(o, "scenes", strings{"default"});
    r.sections = caf::get_or(o, "sections",
                             strings{"intro", "build", "drop", "breakdown", "outro"});
    r.min_shot_beats = caf::get_or(o, "min-shot", r.min_shot_beats);
    r.max_shot_beats = caf::get_or(o, "max-shot", r.max_shot_beats);
    r.energy_input = caf::get_or(o, "energy-input", r.energy_input);
    r.energy_high = caf::get_or(o, "energy-high", r.energy_high);
    r.energy_low = caf::get_or(o, "energy-low", r.energy_low);
    r.energy_hold_beats = caf::get_or(o, "energy-hold", r.energy_hold_beats);
    r.high_section = caf::get_or(o, "high-section", r.high_section);
    r.low_section = caf::get_or(o, "low-section", r.low_section);
    r.high_scene = caf::get_or(o, "high-scene", r.high_scene);
    r.low_scene = caf::get_or(o, "low-scene", r.low_scene);
    for (auto& [name, text] :
         caf::get_or(o, "gestures", std::map<std::string, std::string>{})) {
      auto action = parse_gesture_action(text);
      if (auto err = std::get_if<std::string>(&action))
        return fail("option 'gestures', gesture '" + name + "': " + *err);
      r.gestures[name] = std::get<gesture_action>(action);
    }
    r.gesture_confidence = caf::get_or(o, "gesture-confidence", r.gesture_confidence);
    r.peak_confidence = caf::get_or(o, "peak-confidence", r.peak_confidence);
    r.camera_rule = caf::get_or(o, "camera-rule", r.camera_rule);
    r.scene_rule = caf::get_or(o, "scene-rule", r.scene_rule);
    r.section_rule = caf::get_or(o, "section-rule", r.section_rule);
    if (auto err = validate(r))
      return fail(*err);
    auto bars = caf::get_or(o, "phrase-bars", int64_t{4});
    if (bars < 1 || bars > 64)
      return fail("option 'phrase-bars' must be 1..64");
    setup.phrase_bars = static_cast<int>(bars);
    setup.late_window = caf::get_or(o, "late-window", setup.late_window);
    if (!(setup.late_window >= 0 && setup.late_window <= 16))
      return fail("option 'late-window' must be 0..16 beats");
    setup.tick = caf::get_or(o, "tick", setup.tick);
    if (setup.tick < std::chrono::milliseconds{1})
      return fail("option 'tick' must be at least 1ms");
    setup.margin = std::chrono::duration_cast<micros>(
      caf::get_or(o, "margin", caf::timespan{setup.margin}));
    setup.tolerance = std::chrono::duration_cast<micros>(
      caf::get_or(o, "tolerance", caf::timespan{setup.tolerance}));
    if (setup.tolerance < micros{0} || setup.tolerance > std::chrono::milliseconds{100})
      return fail("option 'tolerance' must be 0..100ms");
    setup.subscribers = caf::get_or(o, "subscribers", strings{});
    setup.targets = caf::get_or(o, "targets", strings{});
    for (auto& target : setup.targets) {
      // The quantizer opens the sockets; a bad endpoint is a config error here.
      auto socket = net::udp_sender::open(target);
      if (auto err = std::get_if<std::string>(&socket))
        return fail("option 'targets': " + *err);
    }
    setup.quantizer = caf::get_or(o, "quantizer", setup.quantizer);
    setup.checkpoints = checkpointer::of(spec, *ctx);
    if (spec.movable) {
      setup.epoch = setup.checkpoints->epoch();
      setup.owner = spec.name;
    } else {
      auto entry = ctx->names->find(spec.name);
      setup.epoch = entry ? entry->proxy->incarnations() + 1 : 1;
    }
    return caf::actor_cast<caf::actor>(sys.spawn(director, ctx, std::move(setup)));
  };
  return kind;
}

} // namespace lume

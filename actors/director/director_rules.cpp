#include "actors/director/director_rules.hpp"

#include <algorithm>
#include <cmath>

namespace lume {

namespace {

bool contains(const std::vector<std::string>& xs, const std::string& x) {
  return std::find(xs.begin(), xs.end(), x) != xs.end();
}

bool known_rule(const std::string& rule) {
  return rule == "beat" || rule == "bar" || rule == "phrase";
}

const std::string& rule_of(const director_rules& rules, const std::string& kind) {
  if (kind == "camera")
    return rules.camera_rule;
  if (kind == "scene")
    return rules.scene_rule;
  return rules.section_rule;
}

bool pending_kind(const director_memory& memory, const std::string& kind) {
  return std::any_of(memory.pending.begin(), memory.pending.end(),
                     [&](const director_cut& x) { return x.kind == kind; });
}

/// The camera after the live one (or the pending one), in list order.
std::string next_camera(const director_rules& rules, const director_memory& memory) {
  auto& now = effective(memory, "camera");
  auto i = std::find(rules.cameras.begin(), rules.cameras.end(), now);
  if (i == rules.cameras.end() || std::next(i) == rules.cameras.end())
    return rules.cameras.front();
  return *std::next(i);
}

/// Updates the energy level (hysteresis) at beat `now`; returns the new
/// level when it switched.
std::optional<std::string> track_energy(const director_rules& rules, director_memory& memory,
                                        const director_inputs& in, double now) {
  auto i = in.values.find(rules.energy_input);
  if (i == in.values.end())
    return std::nullopt;
  const double e = i->second;
  memory.above_since = e >= rules.energy_high ? (memory.above_since < 0 ? now : memory.above_since)
                                              : -1;
  memory.below_since = e <= rules.energy_low ? (memory.below_since < 0 ? now : memory.below_since)
                                             : -1;
  if (memory.level != "high" && memory.above_since >= 0
      && now - memory.above_since >= rules.energy_hold_beats) {
    memory.level = "high";
    return memory.level;
  }
  if (memory.level != "low" && memory.below_since >= 0
      && now - memory.below_since >= rules.energy_hold_beats) {
    memory.level = "low";
    return memory.level;
  }
  return std::nullopt;
}

} // namespace

std::variant<gesture_action, std::string> parse_gesture_action(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon + 1 == text.size())
    return "expected \"KIND:VALUE\" (camera, scene or section), got \"" + text + "\"";
  gesture_action result{text.substr(0, colon), text.substr(colon + 1)};
  if (result.kind != "camera" && result.kind != "scene" && result.kind != "section")
    return "unknown kind \"" + result.kind + "\" in \"" + text + "\" (camera, scene, section)";
  return result;
}

std::optional<std::string> validate(const director_rules& rules) {
  if (rules.cameras.empty())
    return "'cameras' names no camera";
  if (rules.scenes.empty() || rules.sections.empty())
    return "'scenes' and 'sections' must each name at least one";
  if (rules.min_shot_beats < 0 || rules.max_shot_beats < 0 || rules.energy_hold_beats < 0)
    return "'min-shot', 'max-shot' and 'energy-hold' are beats, not negative";
  if (rules.max_shot_beats > 0 && rules.max_shot_beats < rules.min_shot_beats)
    return "'max-shot' must not be below 'min-shot'";
  if (!(rules.energy_low < rules.energy_high))
    return "'energy-low' must be below 'energy-high' (hysteresis)";
  for (auto* rule : {&rules.camera_rule, &rules.scene_rule, &rules.section_rule})
    if (!known_rule(*rule))
      return "unknown grid rule \"" + *rule + "\" (beat, bar, phrase)";
  for (auto& [name, action] : rules.gestures)
    if (action.kind == "camera" && !contains(rules.cameras, action.value))
      return "gesture '" + name + "': no camera \"" + action.value + "\"";
  return std::nullopt;
}

director_memory initial_memory(const director_rules& rules) {
  director_memory result;
  result.camera = rules.cameras.front();
  result.scene = rules.scenes.front();
  result.section = rules.sections.front();
  return result;
}

const std::string& effective(const director_memory& memory, const std::string& kind) {
  // Pending decisions are kept in beat order: the last of a kind wins.
  for (auto i = memory.pending.rbegin(); i != memory.pending.rend(); ++i)
    if (i->kind == kind)
      return i->value;
  if (kind == "camera")
    return memory.camera;
  if (kind == "scene")
    return memory.scene;
  return memory.section;
}

const std::vector<std::string>& choices(const director_rules& rules,
                                        const director_memory& memory, const std::string& kind) {
  if (kind == "camera")
    return rules.cameras;
  if (kind == "scene")
    return memory.song_scenes.empty() ? rules.scenes : memory.song_scenes;
  return memory.song_sections.empty() ? rules.sections : memory.song_sections;
}

void follow(director_memory& memory, const session_state& session) {
  if (!session.scenes.empty())
    memory.song_scenes = session.scenes;
  if (!session.sections.empty())
    memory.song_sections = session.sections;
  if (!session.section.empty() && !pending_kind(memory, "section"))
    memory.section = session.section;
}

void land(director_memory& memory, double now) {
  auto i = memory.pending.begin();
  for (; i != memory.pending.end() && i->at_beat <= now; ++i) {
    if (i->kind == "camera") {
      memory.camera = i->value;
      memory.shot_beat = i->at_beat;
      memory.shot_due_beat = i->at_beat;
      if (memory.late_camera_seq != 0 && i->seq == memory.late_camera_seq) {
        memory.shot_due_beat = std::min(memory.late_camera_due, i->at_beat);
        memory.late_camera_seq = 0;
      }
    } else if (i->kind == "scene") {
      memory.scene = i->value;
    } else {
      memory.section = i->value;
    }
  }
  memory.pending.erase(memory.pending.begin(), i);
}

std::vector<director_decision> decide(const director_rules& rules, director_memory& memory,
                                      const director_inputs& in, double now) {
  std::vector<director_decision> result;
  auto propose = [&](const std::string& kind, const std::string& value, std::string reason) {
    if (value.empty() || value == effective(memory, kind)
        || !contains(choices(rules, memory, kind), value))
      return;
    if (std::any_of(result.begin(), result.end(),
                    [&](const director_decision& x) { return x.kind == kind; }))
      return;
    if (kind == "camera" && pending_kind(memory, "camera"))
      return;
    director_decision d{kind, value, std::move(reason), rule_of(rules, kind), 0, now};
    if (kind == "camera")
      d.not_before = std::max(now, memory.shot_beat + rules.min_shot_beats);
    result.push_back(std::move(d));
  };
  // Energy: a switch of level changes section and scene.
  if (auto level = track_energy(rules, memory, in, now)) {
    const bool high = *level == "high";
    const std::string reason = high ? "energy-high" : "energy-low";
    propose("section", high ? rules.high_section : rules.low_section, reason);
    propose("scene", high ? rules.high_scene : rules.low_scene, reason);
  }
  for (auto& g : in.gestures) {
    if (g.name == "peak") {
      // A cut on the predicted peak's beat, if the shot is long enough by then.
      if (g.confidence < rules.peak_confidence || g.predicted_beat <= now
          || pending_kind(memory, "camera"))
        continue;
      const double beat = std::round(g.predicted_beat);
      if (beat <= now || beat < memory.shot_beat + rules.min_shot_beats)
        continue;
      auto camera = next_camera(rules, memory);
      if (camera == effective(memory, "camera"))
        continue;
      result.push_back({"camera", camera, "peak", "exact", beat, beat});
      continue;
    }
    auto action = rules.gestures.find(g.name);
    if (action == rules.gestures.end() || g.confidence < rules.gesture_confidence)
      continue;
    propose(action->second.kind, action->second.value, "gesture:" + g.name);
  }
  // A shot that lasted long enough goes to the next camera.
  if (rules.max_shot_beats > 0 && !pending_kind(memory, "camera")
      && now - memory.shot_due_beat >= rules.max_shot_beats)
    propose("camera", next_camera(rules, memory), "max-shot");
  return result;
}

std::variant<director_decision, std::string> cue_decision(const director_rules& rules,
                                                          const director_memory& memory,
                                                          const director_cue& cue) {
  if (cue.kind != "camera" && cue.kind != "scene" && cue.kind != "section")
    return "unknown kind \"" + cue.kind + "\" (camera, scene, section)";
  if (!contains(choices(rules, memory, cue.kind), cue.value))
    return "no " + cue.kind + " \"" + cue.value + "\"";
  std::string rule = cue.rule.empty() ? rule_of(rules, cue.kind) : cue.rule;
  if (!known_rule(rule))
    return "unknown rule \"" + rule + "\" (beat, bar, phrase)";
  return director_decision{cue.kind, cue.value, "cue", std::move(rule), 0, 0};
}

std::optional<double> place(const beat_clock& clock, micros earliest,
                            const director_decision& decision, double quantum,
                            int phrase_bars) {
  const double from = std::max(clock.beat_at(earliest, quantum), decision.not_before);
  if (decision.rule == "exact") {
    if (decision.beat < from)
      return std::nullopt;
    return decision.beat;
  }
  grid_rule rule = grid_rule::next_beat;
  double grid_quantum = quantum;
  if (decision.rule == "bar") {
    rule = grid_rule::next_bar;
  } else if (decision.rule == "phrase") {
    rule = grid_rule::next_phrase;
    grid_quantum = quantum * std::max(phrase_bars, 1);
  }
  // Read on the grid's own quantum (Link aligns phase within it), then
  // back on the node's.
  // (Less a few µs: a beat on a grid point that went through whole µs
  // stays on that point.)
  const micros start = clock.time_at_beat(from, quantum);
  const double point
    = next_grid_beat(clock.beat_at(start, grid_quantum) - 1e-5, rule, grid_quantum);
  const double beat = clock.beat_at(clock.time_at_beat(point, grid_quantum), quantum);
  return std::round(beat * 1e6) / 1e6;
}

double timeline_offset(double taken_beat, double now, double elapsed, double quantum) {
  return quantum * std::round((now - taken_beat - elapsed) / quantum);
}

void shift(director_memory& memory, double offset) {
  memory.shot_beat += offset;
  memory.shot_due_beat += offset;
  memory.late_camera_due += offset;
  if (memory.above_since >= 0)
    memory.above_since += offset;
  if (memory.below_since >= 0)
    memory.below_since += offset;
  for (auto* cuts : {&memory.pending, &memory.recent})
    for (auto& cut : *cuts)
      cut.at_beat += offset;
  memory.taken_beat += offset;
}

void commit(const director_rules& rules, director_memory& memory, const director_cut& cut) {
  auto at = std::upper_bound(memory.pending.begin(), memory.pending.end(), cut.at_beat,
                             [](double beat, const director_cut& x) { return beat < x.at_beat; });
  memory.pending.insert(at, cut);
  memory.recent.push_back(cut);
  if (memory.recent.size() > rules.keep_recent)
    memory.recent.erase(memory.recent.begin(),
                        memory.recent.end() - static_cast<std::ptrdiff_t>(rules.keep_recent));
}

void picture_after(const director_memory& memory, director_cut& cut) {
  cut.camera = memory.camera;
  cut.scene = memory.scene;
  cut.section = memory.section;
  auto apply = [&](const std::string& kind, const std::string& value) {
    (kind == "camera" ? cut.camera : kind == "scene" ? cut.scene : cut.section) = value;
  };
  for (auto& x : memory.pending)
    if (x.at_beat <= cut.at_beat)
      apply(x.kind, x.value);
  apply(cut.kind, cut.value);
}

} // namespace lume

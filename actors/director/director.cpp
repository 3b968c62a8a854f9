#include "actors/director/director.hpp"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <iterator>
#include <optional>

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/deep_to_string.hpp>
#include <caf/make_message.hpp>
#include <caf/send.hpp>
#include <caf/settings.hpp>
#include <caf/stateful_actor.hpp>

#include "net/director_osc_encoder.hpp"
#include "system/clock/host_clock.hpp"
#include "system/errors.hpp"
#include "system/log/log.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

/// Gestures kept between two ticks (the SAN sends a few per second).
constexpr std::size_t max_gestures = 64;

double quantum_of(const director_state& st) {
  return st.ctx->config.clock.quantum;
}

double beat_now(const director_state& st) {
  return st.ctx->clock->beat_at(st.ctx->clock->now(), quantum_of(st));
}

void quantizer_error(director_self self, const caf::error& err) {
  auto& st = self->state;
  // Each is a lost cut.
  const uint64_t n = ++st.quantizer_errors;
  if (worth_a_line(n))
    st.log->warn("director: the quantizer did not take a decision ({} so far): {}", n,
                 self->system().render(err));
  st.last_quantizer_error = self->system().render(err);
}

void resend_dropped(director_self self, uint64_t seq, double beat);

/// Monitors the quantizer incarnation that sent the current answer, once.
void watch_quantizer(director_self self) {
  auto& st = self->state;
  auto sender = caf::actor_cast<caf::actor_addr>(self->current_sender());
  if (!sender || sender == st.quantizer_incarnation)
    return;
  st.quantizer_incarnation = sender;
  self->monitor(caf::actor_cast<caf::actor>(sender));
}

/// One request to the quantizer for cut `seq`: `payload` to `target`, or
/// the OSC datagram to the targets.
void ask_quantizer(director_self self, quantize_request req, uint64_t seq) {
  const double beat = req.beat;
  self->request(self->state.quantizer, std::chrono::seconds{2}, std::move(req))
    .then([self, seq, beat](const quantize_receipt& receipt) {
            watch_quantizer(self);
            if (!receipt.dropped)
              return;
            ++self->state.quantizer_dropped;
            resend_dropped(self, seq, beat);
          },
          [self](const caf::error& err) { quantizer_error(self, err); });
}

/// Hands `cut` to the quantizer: the OSC message to the targets and the
/// cut to every subscriber, all on the exact beat of the cut.
void send_cut(director_self self, const director_cut& cut) {
  auto& st = self->state;
  quantize_request base;
  base.rule = "exact";
  base.beat = cut.at_beat;
  base.on_passed = "drop";
  base.tolerance_us = st.setup.tolerance.count();
  base.origin_us = cut.origin_us;
  base.owner = st.setup.owner;
  base.owner_epoch = st.setup.epoch;
  base.report_to = caf::actor_cast<caf::actor>(self);
  base.tag = cut.seq;
  if (!st.setup.targets.empty()) {
    net::director_osc osc{cut.kind, cut.value, cut.epoch, cut.seq, cut.at_beat, cut.reason};
    auto written = net::encode_director_message(osc, st.osc_buffer.data(), st.osc_buffer.size());
    if (written) {
      auto req = base;
      req.datagram.assign(st.osc_buffer.begin(), st.osc_buffer.begin() + written.size);
      req.datagram_to = st.setup.targets;
      ask_quantizer(self, std::move(req), cut.seq);
    } else {
      quantizer_error(self, make_error(ec::bad_request, "cut does not encode as OSC: "
                                                          + cut.kind + " " + cut.value));
    }
  }
  for (auto& name : st.setup.subscribers) {
    auto req = base;
    req.target = name;
    req.payload = caf::make_message(cut);
    ask_quantizer(self, std::move(req), cut.seq);
  }
}

/// The earliest beat a cut sent at beat `now` can still land on: `margin`
/// later. Its ceiling is the first whole beat a late cut can make.
double earliest_beat(const director_state& st, double now) {
  return now + st.setup.margin.count() * st.ctx->clock->tempo() / 60e6;
}

/// The quantizer dropped a request for cut `seq` on `beat`: the beat had
/// passed when the request got there (the node's workers stalled past the
/// margin, or a successor was busy starting), or it took the request and
/// then missed the beat by more than the tolerance (the node or its precise
/// thread stalled). The cut goes out again, late,
/// on the first beat the quantizer can still make, with its seq, as a
/// decision due in a failover gap does (resume): a consumer that got it
/// from another request drops the copy. Not when it went out again already
/// (each target's request answers), nor when a later decision lands on or
/// before that beat (its picture holds this one's). A cut a tick took as
/// landed meanwhile goes back to pending, for its new beat.
void resend_dropped(director_self self, uint64_t seq, double beat) {
  auto& st = self->state;
  auto& m = st.memory;
  auto same = [seq](const director_cut& x) { return x.seq == seq; };
  auto in_recent = std::find_if(m.recent.begin(), m.recent.end(), same);
  auto in_pending = std::find_if(m.pending.begin(), m.pending.end(), same);
  const bool was_pending = in_pending != m.pending.end();
  director_cut cut;
  if (was_pending)
    cut = *in_pending;
  else if (in_recent != m.recent.end())
    cut = *in_recent;
  else
    return;
  if (cut.at_beat != beat)
    return;
  const double late_beat = std::ceil(earliest_beat(st, beat_now(st)));
  const bool overtaken = std::any_of(m.pending.begin(), m.pending.end(), [&](const director_cut& x) {
    return x.seq != seq && x.at_beat <= late_beat;
  });
  if (overtaken)
    return;
  if (was_pending)
    m.pending.erase(in_pending);
  if (cut.kind == "camera") {
    m.late_camera_seq = seq;
    m.late_camera_due = beat;
  }
  cut.at_beat = late_beat;
  if (in_recent != m.recent.end())
    in_recent->at_beat = late_beat;
  auto at = std::upper_bound(m.pending.begin(), m.pending.end(), late_beat,
                             [](double b, const director_cut& x) { return b < x.at_beat; });
  m.pending.insert(at, cut);
  ++st.resent_dropped;
  st.log->warn("director: the quantizer dropped {} {} (seq {}): beat {} had passed; sent again "
               "for beat {}",
               cut.kind, cut.value, seq, beat, late_beat);
  send_cut(self, cut);
  st.setup.checkpoints->changed();
}

/// The quantizer incarnation holding the pending cuts went down (an
/// operator's kill, a crash): its deliveries went with it. Each pending cut
/// goes again, same seq and beat, to the name (its next incarnation); one
/// whose beat has passed meanwhile comes back dropped and goes late.
void requantize_pending(director_self self) {
  auto& st = self->state;
  st.quantizer_incarnation = nullptr;
  for (auto cut : st.memory.pending) {
    ++st.resent_to_new_quantizer;
    send_cut(self, cut);
  }
  if (!st.memory.pending.empty())
    st.log->warn("director: its quantizer went down; {} pending cuts sent again",
                 st.memory.pending.size());
}

/// Where `d` lands (nothing if an exact beat can no longer be made).
std::optional<double> placement(director_self self, const director_decision& d) {
  auto& st = self->state;
  const micros earliest = st.ctx->clock->now() + st.setup.margin;
  auto at = place(*st.ctx->clock, earliest, d, quantum_of(st), st.setup.phrase_bars);
  if (!at)
    ++st.unplaced;
  return at;
}

/// Numbers `d`, placed at beat `at`, and sends it on its way.
void issue(director_self self, const director_decision& d, double at) {
  auto& st = self->state;
  director_cut cut;
  cut.kind = d.kind;
  cut.value = d.value;
  cut.reason = d.reason;
  cut.epoch = st.setup.epoch;
  cut.seq = ++st.memory.seq;
  cut.at_beat = at;
  cut.origin_us = host_now().count();
  picture_after(st.memory, cut);
  commit(st.setup.rules, st.memory, cut);
  ++st.decisions;
  st.log->debug("director: {} {} at beat {} ({}), seq {}", cut.kind, cut.value, cut.at_beat,
                cut.reason, cut.seq);
  send_cut(self, cut);
  st.setup.checkpoints->changed();
}

/// Places the decisions of one tick and issues them in the order they
/// land, so that each cut's picture includes the ones before it.
void issue_all(director_self self, const std::vector<director_decision>& ds) {
  std::vector<std::pair<double, const director_decision*>> placed;
  for (auto& d : ds)
    if (auto at = placement(self, d))
      placed.emplace_back(*at, &d);
  std::stable_sort(placed.begin(), placed.end(),
                   [](auto& x, auto& y) { return x.first < y.first; });
  for (auto& [at, d] : placed)
    issue(self, *d, at);
}

/// A checkpoint, maybe taken on another node: its beats are moved onto
/// this host's timeline (by whole bars: Link shares the phase, not the
/// beat's magnitude; the beats that passed since are estimated from the
/// checkpoint's age when both hosts' clocks agree on it, else taken as
/// none, which holds for failovers shorter than half a bar). Decisions
/// still ahead go out again with their seq and beat, stamped with this
/// epoch (the old host's quantizer died with it, so none of them went out).
/// Those whose beat came within `late-window` beats, or is too close to
/// make, go out late on the first beat the quantizer can still make, with
/// their seq (a consumer that got them from the old host drops the copy),
/// unless a decision still ahead lands on or before it (its picture holds
/// theirs); older ones are taken as landed.
void resume(director_self self) {
  auto& st = self->state;
  auto& m = st.memory;
  const double now = beat_now(st);
  const double beats_per_us = st.ctx->clock->tempo() / 60e6;
  const int64_t age = st.setup.checkpoints->age_us();
  const double elapsed = age >= 0 && age < 10'000'000 ? age * beats_per_us : 0;
  st.timeline_offset = timeline_offset(m.taken_beat, now, elapsed, quantum_of(st));
  shift(m, st.timeline_offset);
  const double ahead = earliest_beat(st, now);
  m.shot_beat = std::min(m.shot_beat, now);
  m.shot_due_beat = std::min(m.shot_due_beat, m.shot_beat);
  if (m.above_since > now)
    m.above_since = now;
  if (m.below_since > now)
    m.below_since = now;
  std::vector<director_cut> again;
  auto still_ahead = [&](const director_cut& x) { return x.at_beat >= ahead; };
  std::copy_if(m.pending.begin(), m.pending.end(), std::back_inserter(again), still_ahead);
  m.pending.erase(std::remove_if(m.pending.begin(), m.pending.end(), still_ahead),
                  m.pending.end());
  const double late_beat = std::ceil(ahead);
  const bool overtaken = std::any_of(again.begin(), again.end(), [&](const director_cut& x) {
    return x.at_beat <= late_beat;
  });
  if (st.setup.late_window > 0 && !overtaken) {
    auto late = [&](const director_cut& x) { return x.at_beat >= now - st.setup.late_window; };
    for (auto& cut : m.pending)
      if (late(cut)) {
        if (cut.kind == "camera") {
          m.late_camera_seq = cut.seq;
          m.late_camera_due = cut.at_beat;
        }
        again.push_back(cut);
        again.back().at_beat = late_beat;
        ++st.resent_late;
      }
    m.pending.erase(std::remove_if(m.pending.begin(), m.pending.end(), late), m.pending.end());
  }
  std::stable_sort(again.begin(), again.end(),
                   [](auto& x, auto& y) { return x.at_beat < y.at_beat; });
  st.landed_on_restore = m.pending.size();
  land(m, now);
  for (auto& cut : again) {
    cut.epoch = st.setup.epoch;
    m.pending.push_back(cut);
    ++st.resent;
    send_cut(self, cut);
  }
  st.log->info("director: resumed seq {} ({} decisions sent again, {} of them late, {} taken "
               "as landed, timeline moved {} beats)",
               m.seq, st.resent, st.resent_late, st.landed_on_restore, st.timeline_offset);
}

void on_tick(director_self self) {
  auto& st = self->state;
  auto now = self->clock().now();
  st.tick_late.add(std::chrono::duration_cast<micros>(now - st.next_tick));
  ++st.ticks;
  const double beat = beat_now(st);
  land(st.memory, beat);
  issue_all(self, decide(st.setup.rules, st.memory, st.inputs, beat));
  // Every tick: the checkpoint's beat stays fresh, so that a successor on
  // another node finds the bar offset between the timelines.
  st.setup.checkpoints->changed();
  st.inputs.gestures.clear();
  // Ticks stay on their grid: a late tick does not delay the next ones.
  st.next_tick += st.setup.tick;
  if (st.next_tick < now)
    st.next_tick = now + st.setup.tick;
  self->scheduled_send(self, st.next_tick, atom::tick_v);
}

boost::json::array cuts_json(const std::vector<director_cut>& cuts) {
  boost::json::array result;
  for (auto& cut : cuts)
    result.push_back(boost::json::object{{"kind", cut.kind},
                                         {"value", cut.value},
                                         {"reason", cut.reason},
                                         {"at_beat", cut.at_beat},
                                         {"seq", cut.seq},
                                         {"epoch", cut.epoch},
                                         {"camera", cut.camera},
                                         {"scene", cut.scene},
                                         {"section", cut.section}});
  return result;
}

boost::json::array strings(const std::vector<std::string>& xs) {
  return boost::json::array(xs.begin(), xs.end());
}

std::string state_json(director_self self) {
  auto& st = self->state;
  auto& m = st.memory;
  auto& r = st.setup.rules;
  const auto late = st.tick_late.summarize();
  boost::json::object gestures;
  for (auto& [name, action] : r.gestures)
    gestures[name] = action.kind + ":" + action.value;
  boost::json::object state{
    {"camera", m.camera},
    {"scene", m.scene},
    {"section", m.section},
    {"beat", beat_now(st)},
    {"shot_beat", m.shot_beat},
    {"shot_due_beat", m.shot_due_beat},
    {"level", m.level},
    {"above_since", m.above_since},
    {"below_since", m.below_since},
    {"epoch", st.setup.epoch},
    {"seq", m.seq},
    {"pending", cuts_json(m.pending)},
    {"recent", cuts_json(m.recent)},
    {"rules", boost::json::object{{"cameras", strings(r.cameras)},
                                  {"scenes", strings(choices(r, m, "scene"))},
                                  {"sections", strings(choices(r, m, "section"))},
                                  {"min_shot", r.min_shot_beats},
                                  {"max_shot", r.max_shot_beats},
                                  {"energy_input", r.energy_input},
                                  {"energy_high", r.energy_high},
                                  {"energy_low", r.energy_low},
                                  {"energy_hold", r.energy_hold_beats},
                                  {"gestures", std::move(gestures)},
                                  {"gesture_confidence", r.gesture_confidence},
                                  {"peak_confidence", r.peak_confidence},
                                  {"camera_rule", r.camera_rule},
                                  {"scene_rule", r.scene_rule},
                                  {"section_rule", r.section_rule}}},
    {"targets", strings(st.setup.targets)},
    {"subscribers", strings(st.setup.subscribers)},
    {"tick", caf::deep_to_string(st.setup.tick)},
    {"ticks", st.ticks},
    {"tick_late", boost::json::object{{"samples", late.samples},
                                      {"p50_us", late.p50_us},
                                      {"p99_us", late.p99_us},
                                      {"max_us", late.max_us},
                                      {"over_1ms", late.over}}},
    {"tempo", st.tempo},
    {"decisions", st.decisions},
    {"cues", st.cues},
    {"refused_cues", st.refused_cues},
    {"last_refused", st.last_refused},
    {"resent", st.resent},
    {"resent_late", st.resent_late},
    {"timeline_offset", st.timeline_offset},
    {"landed_on_restore", st.landed_on_restore},
    {"unplaced", st.unplaced},
    {"quantizer_dropped", st.quantizer_dropped},
    {"quantizer_missed", st.quantizer_missed},
    {"resent_dropped", st.resent_dropped},
    {"resent_to_new_quantizer", st.resent_to_new_quantizer},
    {"quantizer_errors", st.quantizer_errors},
    {"last_quantizer_error", st.last_quantizer_error},
    {"inputs", boost::json::object{{"features", st.feature_inputs},
                                   {"params", st.param_inputs},
                                   {"gestures", st.gesture_inputs},
                                   {"sessions", st.session_inputs}}},
    {"session", boost::json::object{{"epoch", st.session.epoch()},
                                    {"seq", st.session.seq()},
                                    {"stale", st.session.stale()},
                                    {"repeated", st.session.repeated()}}},
    {"mailbox", self->mailbox().size()}};
  st.setup.checkpoints->describe(state);
  return boost::json::serialize(state);
}

} // namespace

director_actor::behavior_type director(director_self self, std::shared_ptr<const node_context> ctx,
                                       director_setup setup) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.setup = std::move(setup);
  st.log = role_logger("director");
  st.osc_buffer.resize(1024);
  st.quantizer = st.ctx->names->lookup(st.setup.quantizer);
  self->set_down_handler([self](caf::down_msg& msg) {
    if (msg.source == self->state.quantizer_incarnation)
      requantize_pending(self);
  });
  st.memory = initial_memory(st.setup.rules);
  const bool resumed = st.setup.checkpoints->restore(self->system(), st.memory);
  if (resumed)
    resume(self);
  else
    st.memory = initial_memory(st.setup.rules);
  st.setup.checkpoints->attach(self, [self] {
    auto memory = self->state.memory;
    memory.taken_beat = beat_now(self->state);
    return memory;
  });
  if (st.ctx->clock_service)
    caf::anon_send(st.ctx->clock_service, atom::subscribe_v, caf::actor_cast<caf::actor>(self));
  // A successor decides at once: a shot that ran out during the failover
  // cuts on the first beat it can make, not a tick later.
  st.next_tick = self->clock().now() + (resumed ? caf::timespan{0} : st.setup.tick);
  self->scheduled_send(self, st.next_tick, atom::tick_v);
  return {
    [self](atom::inspect) { return state_json(self); },
    [self](const feature_vector& msg) {
      auto& st = self->state;
      ++st.feature_inputs;
      for (auto& [name, value] : msg.values)
        st.inputs.values[name] = value;
    },
    [self](const music_params& msg) {
      auto& st = self->state;
      ++st.param_inputs;
      for (auto& [name, value] : msg.values)
        st.inputs.values[name] = value;
    },
    [self](const gesture& msg) {
      auto& st = self->state;
      ++st.gesture_inputs;
      if (st.inputs.gestures.size() < max_gestures)
        st.inputs.gestures.push_back(msg);
    },
    [self](const session_state& msg) {
      auto& st = self->state;
      ++st.session_inputs;
      if (!st.session.fresh(msg.epoch, msg.seq))
        return;
      follow(st.memory, msg);
      st.setup.checkpoints->changed();
    },
    [self](const clock_tick& tick) { self->state.tempo = tick.tempo; },
    [self](const director_cue& cue) -> std::string {
      auto& st = self->state;
      auto d = cue_decision(st.setup.rules, st.memory, cue);
      if (auto err = std::get_if<std::string>(&d)) {
        ++st.refused_cues;
        st.last_refused = *err;
        st.log->debug("director: refuses a cue: {}", *err);
        return boost::json::serialize(boost::json::object{{"ok", false}, {"error", *err}});
      }
      ++st.cues;
      auto& decision = std::get<director_decision>(d);
      boost::json::object answer{{"ok", true}, {"kind", decision.kind},
                                 {"value", decision.value}};
      if (decision.value == effective(st.memory, decision.kind)) {
        answer["already"] = true;
        return boost::json::serialize(answer);
      }
      issue_all(self, {decision});
      return boost::json::serialize(answer);
    },
    [self](const delivery_dropped& missed) {
      ++self->state.quantizer_missed;
      resend_dropped(self, missed.tag, missed.beat);
    },
    [self](atom::tick) { on_tick(self); },
    [self](atom::checkpoint) { self->state.setup.checkpoints->due(); },
  };
}

} // namespace lume

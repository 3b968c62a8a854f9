#include "actors/session/session.hpp"

#include <cmath>
#include <limits>

#include <boost/json.hpp>
#include <caf/make_message.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/quantizer/grid.hpp"
#include "actors/session/session_plan.hpp"
#include "actors/session/session_recording.hpp"
#include "system/clock/clock_service.hpp"
#include "system/clock/host_clock.hpp"
#include "system/errors.hpp"
#include "system/log/log.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

/// Beats closer than this are the same grid point (50 µs at 120 BPM: a
/// timer that fires on a boundary rounded to the µs still lands it).
constexpr double same_beat = 1e-4;
constexpr double never = std::numeric_limits<double>::infinity();

const beat_clock& clock_of(session_self self) {
  return *self->state.ctx->clock;
}

double beat_now(session_self self) {
  auto& clock = clock_of(self);
  return clock.beat_at(clock.now(), self->state.quantum);
}

/// The earliest beat a change decided now may land on: `lead` ahead.
double earliest_beat(session_self self) {
  auto& clock = clock_of(self);
  return clock.beat_at(clock.now() + self->state.config.lead, self->state.quantum);
}

bool playing(const session_actor_state& st) {
  return st.progress.now.state == "playing";
}

const setlist_song& song_of(const session_actor_state& st, const session_position& at) {
  return st.config.songs.songs.at(static_cast<size_t>(at.song));
}

/// The next bar boundary of the Link grid at least `lead` ahead (nothing
/// counts bars while stopped or paused).
double next_grid_bar(session_self self) {
  grid_request request;
  request.rule = grid_rule::next_bar;
  request.quantum = self->state.quantum;
  request.lookahead = self->state.config.lead;
  auto& clock = clock_of(self);
  return schedule(clock, clock.now(), request).beat;
}

/// Bars from the current bar's start to the first boundary at least `lead`
/// ahead; on the phrase grid, to the first one that starts a phrase of the
/// song's bar count.
int64_t bars_to_landing(session_self self, bool on_phrase_grid) {
  auto& st = self->state;
  const double earliest = earliest_beat(self);
  int64_t k = 1;
  while (st.bar_beat + static_cast<double>(k) * st.quantum < earliest - same_beat)
    ++k;
  if (on_phrase_grid && st.config.on_phrase)
    while ((st.progress.bar + k) % st.config.phrase_bars != 0)
      ++k;
  return k;
}

session_state render(const session_actor_state& st, const session_position& at, int64_t bar,
                     double at_beat, double sent_beat) {
  session_state msg;
  const auto& song = song_of(st, at);
  const auto& section = song.sections.at(static_cast<size_t>(at.section));
  msg.state = at.state;
  msg.song = song.name;
  msg.song_index = at.song;
  msg.section = section.name;
  for (auto& x : song.sections)
    msg.sections.push_back(x.name);
  msg.scenes = song.scenes;
  msg.code = section.code;
  msg.tempo = song.tempo;
  msg.bar = bar;
  msg.recording = st.progress.recording;
  msg.epoch = st.epoch;
  msg.seq = st.progress.seq;
  msg.at_beat = at_beat;
  msg.sent_beat = sent_beat;
  msg.origin_us = host_now().count();
  return msg;
}

/// Sends the session as it is (or will be from `at_beat` on) to the
/// subscribers, under the next seq.
void publish(session_self self, const session_position& at, int64_t bar, double at_beat) {
  auto& st = self->state;
  ++st.progress.seq;
  st.subscribers->publish(caf::make_message(render(st, at, bar, at_beat, beat_now(self))),
                          self->context());
  st.checkpoints->changed();
}

/// Publishes what subscribers should hold now: the decided change if there
/// is one (they need it before its beat), else the current state.
void publish_latest(session_self self) {
  auto& st = self->state;
  auto& p = st.progress;
  if (p.changing)
    publish(self, p.next.to, p.next.restart_bars ? 0 : std::max(p.bar, p.next.at_bar),
            p.next.at_beat);
  else
    publish(self, p.now, p.bar, st.bar_beat);
}

/// Arms the timer for the next bar boundary or the decided change,
/// whichever comes first (a new generation voids older timers).
void arm(session_self self) {
  auto& st = self->state;
  const double next_bar = playing(st) ? st.bar_beat + st.quantum : never;
  const double change_at = st.progress.changing ? st.progress.next.at_beat : never;
  const double at = std::min(next_bar, change_at);
  const uint64_t generation = ++st.timer;
  if (at == never)
    return;
  auto& clock = clock_of(self);
  const micros delay = clock.time_at_beat(at, st.quantum) - clock.now();
  if (delay <= micros{0})
    self->send(self, atom::tick_v, generation);
  else
    self->delayed_send(self, delay, atom::tick_v, generation);
}

/// Sets the clock to the song's tempo when it differs.
void follow_tempo(session_self self) {
  auto& st = self->state;
  const double bpm = song_of(st, st.progress.now).tempo;
  if (!st.ctx->clock_service || std::abs(clock_of(self).tempo() - bpm) < 1e-9)
    return;
  ++st.tempo_sets;
  self->request(st.ctx->clock_service, std::chrono::seconds{1}, atom::tempo_v, bpm)
    .then([](const clock_tick&) {},
          [self, bpm](caf::error& err) {
            self->state.log->warn("session cannot set the tempo to {} BPM: {}", bpm,
                                  self->system().render(err));
          });
}

/// The decided change lands: the session is there from its beat on.
void land(session_self self) {
  auto& st = self->state;
  auto& p = st.progress;
  const bool new_song = p.next.to.song != p.now.song;
  if (p.next.restart_bars)
    p.bar = 0;
  else if (p.next.at_bar >= 0)
    p.bar = p.next.at_bar;
  p.now = p.next.to;
  st.bar_beat = p.next.at_beat;
  p.changing = false;
  follow_tempo(self);
  if (p.recording && new_song)
    start_take(self);
}

/// Counts the bars up to now and lands a change whose beat has come.
void catch_up(session_self self) {
  auto& st = self->state;
  const double beat = beat_now(self) + same_beat;
  bool moved = false;
  for (;;) {
    const double next_bar = playing(st) ? st.bar_beat + st.quantum : never;
    const double change_at = st.progress.changing ? st.progress.next.at_beat : never;
    if (std::min(next_bar, change_at) > beat)
      break;
    if (change_at <= next_bar + same_beat) {
      land(self);
    } else {
      st.bar_beat = next_bar;
      ++st.progress.bar;
    }
    moved = true;
  }
  if (moved)
    publish_latest(self);
}

/// Takes `plan` on: at once while nothing plays and nothing will, else on
/// the grid; publishes it either way.
void decide(session_self self, const planned_change& plan, const std::string& cause) {
  auto& st = self->state;
  auto& p = st.progress;
  session_change change;
  change.to = plan.to;
  change.restart_bars = plan.restart_bars;
  change.cause = cause;
  if (!playing(st) && plan.to.state != "playing") {
    change.at_beat = beat_now(self);
    change.at_bar = -1;
    p.next = change;
    p.changing = true;
    land(self);
    publish_latest(self);
    arm(self);
    return;
  }
  if (playing(st)) {
    const auto k = bars_to_landing(self, plan.on_phrase_grid);
    change.at_bar = p.bar + k;
    change.at_beat = st.bar_beat + static_cast<double>(k) * st.quantum;
    // A later decision never lands before an earlier one it replaces.
    if (p.changing && p.next.at_beat > change.at_beat + same_beat) {
      change.at_bar = p.next.at_bar;
      change.at_beat = p.next.at_beat;
    }
  } else {
    change.at_bar = -1;
    change.at_beat = p.changing ? p.next.at_beat : next_grid_bar(self);
  }
  p.next = change;
  p.changing = true;
  publish_latest(self);
  arm(self);
}

/// A successor resumes on this node's timeline: the bar playing now is the
/// bar the predecessor counted last (a boundary it missed while the node was
/// lost is not counted twice, and never taken back), and a decided change
/// lands on its bar, or the next boundary if that has passed.
void resume(session_self self) {
  auto& st = self->state;
  auto& p = st.progress;
  const double beat = beat_now(self);
  st.bar_beat = std::floor(beat / st.quantum) * st.quantum;
  if (!p.changing)
    return;
  if (p.next.at_bar > p.bar && playing(st)) {
    p.next.at_beat = st.bar_beat + static_cast<double>(p.next.at_bar - p.bar) * st.quantum;
  } else {
    p.next.at_beat = next_grid_bar(self);
    if (p.next.at_bar >= 0)
      p.next.at_bar = p.bar + static_cast<int64_t>(std::llround((p.next.at_beat - st.bar_beat)
                                                                / st.quantum));
  }
}

/// Takes a director cut of kind "section" unless it is stale, repeated or
/// names a section the song lacks.
void take_cut(session_self self, const director_cut& cut) {
  auto& st = self->state;
  auto& p = st.progress;
  if (cut.kind != "section")
    return;
  const bool seen = p.cut_epoch != 0 || p.cut_seq != 0;
  if (seen && (cut.epoch < p.cut_epoch || cut.seq <= p.cut_seq)) {
    ++st.stale_cuts;
    return;
  }
  p.cut_epoch = cut.epoch;
  p.cut_seq = cut.seq;
  const auto from = p.changing ? p.next.to : p.now;
  const auto& song = song_of(st, from);
  const auto index = song.section_index(cut.value);
  if (index < 0) {
    ++st.unknown_cuts;
    st.log->debug("session drops a cut to section '{}', which song '{}' lacks", cut.value,
                  song.name);
    st.checkpoints->changed();
    return;
  }
  ++st.cuts;
  if (index == from.section) {
    st.checkpoints->changed();
    return;
  }
  planned_change plan;
  plan.to = from;
  plan.to.section = index;
  // The director placed it on its grid already: the next bar that can
  // still be met, whatever the session's phrase rule.
  plan.on_phrase_grid = false;
  decide(self, plan, "cut");
}

boost::json::object position_json(const session_actor_state& st, const session_position& at) {
  const auto& song = song_of(st, at);
  return {{"state", at.state},
          {"song", song.name},
          {"song_index", at.song},
          {"section", song.sections.at(static_cast<size_t>(at.section)).name},
          {"tempo", song.tempo}};
}

boost::json::object state_json(session_self self) {
  auto& st = self->state;
  auto& p = st.progress;
  auto state = position_json(st, p.now);
  state["bar"] = p.bar;
  state["beat"] = beat_now(self);
  state["bar_beat"] = st.bar_beat;
  state["songs"] = st.config.songs.songs.size();
  if (p.changing) {
    auto next = position_json(st, p.next.to);
    next["at_beat"] = p.next.at_beat;
    next["at_bar"] = p.next.at_bar;
    next["cause"] = p.next.cause;
    state["next"] = std::move(next);
  } else {
    state["next"] = nullptr;
  }
  state["seq"] = p.seq;
  state["quantize"] = st.config.on_phrase ? "phrase" : "bar";
  state["phrase_bars"] = st.config.phrase_bars;
  state["lead_ms"] = static_cast<double>(st.config.lead.count()) / 1000.0;
  state["subscribers"] = st.subscribers->to_json();
  state["commands"] = st.commands;
  state["refused"] = st.refused;
  state["last_refused"] = st.last_refused;
  state["cuts"] = st.cuts;
  state["stale_cuts"] = st.stale_cuts;
  state["unknown_cuts"] = st.unknown_cuts;
  state["cut_epoch"] = p.cut_epoch;
  state["cut_seq"] = p.cut_seq;
  state["tempo_sets"] = st.tempo_sets;
  state["recording"] = recording_json(st);
  state["mailbox"] = self->mailbox().size();
  st.checkpoints->describe(state);
  state["epoch"] = st.epoch;
  return state;
}

/// Answers once the checkpoint of the accepted command is held elsewhere.
caf::result<std::string> acknowledge(session_self self) {
  auto promise = self->make_response_promise<std::string>();
  self->state.checkpoints->confirm(self, [self, promise](int64_t replicas) mutable {
    auto state = state_json(self);
    state["ok"] = true;
    state["replicas"] = replicas;
    promise.deliver(boost::json::serialize(state));
  });
  return promise;
}

/// A refused command is answered `{"ok": false, "error": WHY}`, as the
/// bus's `POST /cue` expects of the actors it asks.
std::string refuse(session_self self, std::string why) {
  auto& st = self->state;
  ++st.refused;
  st.last_refused = why;
  return boost::json::serialize(boost::json::object{{"ok", false}, {"error", std::move(why)}});
}

} // namespace

session_actor::behavior_type session(session_self self, std::shared_ptr<const node_context> ctx,
                                     session_config config,
                                     std::shared_ptr<checkpointer> checkpoints, uint64_t epoch) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.config = std::move(config);
  st.checkpoints = std::move(checkpoints);
  st.epoch = epoch;
  st.quantum = st.ctx->config.clock.quantum > 0 ? st.ctx->config.clock.quantum : 4.0;
  st.subscribers.emplace(st.ctx->names, st.config.subscribers);
  st.log = role_logger("session");
  const bool restored = st.checkpoints->restore(self->system(), st.progress);
  if (!restored || static_cast<size_t>(st.progress.now.song) >= st.config.songs.songs.size()
      || st.progress.now.section < 0
      || static_cast<size_t>(st.progress.now.section)
           >= song_of(st, st.progress.now).sections.size()
      || (st.progress.changing
          && (static_cast<size_t>(st.progress.next.to.song) >= st.config.songs.songs.size()
              || static_cast<size_t>(st.progress.next.to.section)
                   >= song_of(st, st.progress.next.to).sections.size())))
    st.progress = {};
  st.checkpoints->attach(self, [self] { return self->state.progress; });
  if (st.ctx->clock_service)
    caf::anon_send(st.ctx->clock_service, atom::subscribe_v, caf::actor_cast<caf::actor>(self));
  if (restored) {
    resume(self);
    if (playing(st))
      follow_tempo(self);
    if (st.progress.recording)
      send_take(self);
    publish_latest(self);
    arm(self);
  } else if (st.config.autostart) {
    session_command start;
    start.command = "start";
    decide(self, std::get<planned_change>(plan_command(st.config.songs, st.progress.now, start)),
           "autostart");
  } else {
    st.bar_beat = beat_now(self);
    publish_latest(self);
  }
  return {
    [self](atom::inspect) -> std::string { return boost::json::serialize(state_json(self)); },
    [self](const session_command& cmd) -> caf::result<std::string> {
      auto& st = self->state;
      ++st.commands;
      catch_up(self);
      if (cmd.command == "record") {
        if (auto err = set_recording(self, cmd.argument))
          return refuse(self, std::move(*err));
        publish_latest(self);
        return acknowledge(self);
      }
      auto& p = st.progress;
      auto plan = plan_command(st.config.songs, p.changing ? p.next.to : p.now, cmd);
      if (auto err = std::get_if<std::string>(&plan))
        return refuse(self, std::move(*err));
      auto& change = std::get<planned_change>(plan);
      if (!change.unchanged)
        decide(self, change, cmd.command);
      return acknowledge(self);
    },
    [self](const director_cut& cut) {
      catch_up(self);
      take_cut(self, cut);
    },
    [self](const clock_tick&) { arm(self); },
    [self](atom::tick, uint64_t generation) {
      if (generation != self->state.timer)
        return;
      catch_up(self);
      arm(self);
    },
    [self](atom::checkpoint) { self->state.checkpoints->due(); },
  };
}

} // namespace lume

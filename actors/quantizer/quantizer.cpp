#include "actors/quantizer/quantizer.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <variant>

#include <boost/json.hpp>
#include <caf/actor_cast.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/send.hpp>
#include <caf/settings.hpp>
#include <caf/stateful_actor.hpp>

#include "system/clock/link_clock.hpp"
#include "system/errors.hpp"
#include "system/log/log.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

using pending_iterator = std::map<uint64_t, pending_delivery>::iterator;

std::optional<grid_rule> parse_rule(const std::string& x) {
  if (x == "beat")
    return grid_rule::next_beat;
  if (x == "bar")
    return grid_rule::next_bar;
  if (x == "phrase")
    return grid_rule::next_phrase;
  if (x == "exact")
    return grid_rule::exact_beat;
  return std::nullopt;
}

std::optional<passed_policy> parse_policy(const std::string& x) {
  if (x == "next")
    return passed_policy::next;
  if (x == "drop")
    return passed_policy::drop;
  return std::nullopt;
}

micros to_micros(caf::timespan x) {
  return std::chrono::duration_cast<micros>(x);
}

const beat_clock& clock_of(quantizer_self self) {
  return *self->state.ctx->clock;
}

/// A request's own tolerance at most (a bound: time sums stay in range).
constexpr micros max_tolerance{10'000'000};

/// When the coarse timer must wake for `d`: `lead` before delivery with a
/// precise stage, at delivery without.
micros wake_time(const quantizer_state& st, const pending_delivery& d) {
  return st.params.precise ? d.target.deliver - st.params.lead : d.target.deliver;
}

/// Applies the passed-position policy to `i`: moves it to the next grid
/// point it can still meet, or drops it. Returns the next iterator.
pending_iterator pass(quantizer_self self, pending_iterator i, micros now) {
  auto& st = self->state;
  auto& d = i->second;
  if (d.request.on_passed == passed_policy::next) {
    d.target = schedule(clock_of(self), now, d.request);
    d.handed_over = false;
    if (!d.target.passed) {
      ++st.rescheduled;
      st.log->debug("quantizer: delivery {} passed, moved to beat {}", i->first,
                    d.target.beat);
      return std::next(i);
    }
  }
  // Taken, then missed: rare (a stalled node or thread), each worth a line;
  // the asker hears of it when it asked to.
  ++st.dropped;
  const micros late = now - d.target.deliver;
  st.log->warn("quantizer: delivery {}{}{} dropped, {} us past its time{}", i->first,
               d.owner.empty() ? "" : " of ", d.owner, late.count(),
               d.report_to ? " (reported)" : "");
  if (d.report_to)
    caf::anon_send(d.report_to, delivery_dropped{i->first, d.tag, d.target.beat, late.count()});
  return st.pending.erase(i);
}

/// Whether `d` was asked for by an incarnation the mesh superseded.
bool superseded(const quantizer_state& st, const pending_delivery& d) {
  return !d.owner.empty() && st.ctx->checkpoints->superseded(d.owner, d.owner_epoch);
}

/// Drops `i`, superseded. Returns the next iterator.
pending_iterator drop_superseded(quantizer_self self, pending_iterator i) {
  auto& st = self->state;
  ++st.superseded;
  st.log->info("quantizer: delivery {} of {} epoch {} superseded, dropped", i->first,
               i->second.owner, i->second.owner_epoch);
  return st.pending.erase(i);
}

/// Sends `d`'s datagram and payload from the quantizer (no precise stage).
void deliver(quantizer_self self, pending_delivery& d) {
  if (d.datagram)
    for (auto& endpoint : d.endpoints)
      endpoint->send(*d.datagram);
  if (d.to && !d.payload.empty())
    d.to->enqueue(caf::make_mailbox_element(self->ctrl(), caf::make_message_id(), {},
                                            std::move(d.payload)),
                  self->context());
}

/// The sockets of `to` (opened once per endpoint and kept), or why one
/// cannot be opened.
std::variant<std::vector<std::shared_ptr<datagram_endpoint>>, std::string>
endpoints_of(quantizer_state& st, const std::vector<std::string>& to) {
  std::vector<std::shared_ptr<datagram_endpoint>> result;
  for (auto& name : to) {
    auto& endpoint = st.endpoints[name];
    if (!endpoint) {
      auto socket = net::udp_sender::open(name);
      if (auto err = std::get_if<std::string>(&socket)) {
        st.endpoints.erase(name);
        return "datagram_to: " + *err;
      }
      endpoint = std::make_shared<datagram_endpoint>();
      endpoint->socket = std::move(std::get<net::udp_sender>(socket));
      endpoint->log = st.log;
    }
    result.push_back(endpoint);
  }
  return result;
}

/// Handles every delivery whose wake time has come: passed ones by policy,
/// the others to the precise stage, or sent now without one.
void process_due(quantizer_self self) {
  auto& st = self->state;
  const micros now = clock_of(self).now();
  for (auto i = st.pending.begin(); i != st.pending.end();) {
    auto& d = i->second;
    if (!d.handed_over && superseded(st, d)) {
      i = drop_superseded(self, i);
    } else if (d.handed_over || now < wake_time(st, d)) {
      ++i;
    } else if (now > d.target.deliver + d.request.tolerance) {
      i = pass(self, i, now);
    } else if (st.sender) {
      d.handed_over = true;
      std::function<bool()> gone;
      if (!d.owner.empty())
        gone = [store = st.ctx->checkpoints, owner = d.owner, epoch = d.owner_epoch] {
          return store->superseded(owner, epoch);
        };
      st.sender->post({i->first, d.target.beat, d.target.quantum, d.target.lookahead,
                       d.request.tolerance, d.to, d.payload, d.datagram, d.endpoints,
                       std::move(gone)});
      ++i;
    } else {
      deliver(self, d);
      st.late.add(now - d.target.deliver);
      ++st.fired;
      i = st.pending.erase(i);
    }
  }
}

/// Arms the coarse timer for the earliest wake time (a new generation makes
/// older timers void).
void arm(quantizer_self self) {
  auto& st = self->state;
  micros earliest = micros::max();
  for (auto& [id, d] : st.pending)
    if (!d.handed_over)
      earliest = std::min(earliest, wake_time(st, d));
  if (earliest == st.timer_at)
    return;
  const uint64_t generation = ++st.timer;
  st.timer_at = earliest;
  if (earliest == micros::max())
    return;
  const micros delay = earliest - clock_of(self).now();
  if (delay <= micros{0})
    self->send(self, atom::tick_v, generation);
  else
    self->delayed_send(self, delay, atom::tick_v, generation);
}

/// Refuses a request: counted and kept for `inspect`, since a request sent
/// without a reply handler (the REPL's `send`) would otherwise vanish.
caf::error refuse(quantizer_self self, std::string why) {
  auto& st = self->state;
  ++st.refused;
  st.last_refused = why;
  st.log->debug("quantizer: refuses a request: {}", why);
  return make_error(ec::bad_request, std::move(why));
}

caf::result<quantize_receipt> accept(quantizer_self self, quantize_request& req) {
  auto& st = self->state;
  auto rule = parse_rule(req.rule);
  if (!rule)
    return refuse(self, "unknown rule '" + req.rule + "' (beat, bar, phrase, exact)");
  auto policy = req.on_passed.empty() ? st.params.on_passed : parse_policy(req.on_passed);
  if (!policy)
    return refuse(self, "unknown on_passed '" + req.on_passed + "' (next, drop)");
  if (req.bars < 0)
    return refuse(self, "bars must not be negative");
  if (req.tolerance_us > max_tolerance.count())
    return refuse(self, "tolerance_us above 10 s");
  if (req.payload.empty() && req.datagram.empty())
    return refuse(self, "empty payload");
  if (!req.datagram.empty() && req.datagram_to.empty())
    return refuse(self, "a datagram without datagram_to");
  auto endpoints = endpoints_of(st, req.datagram_to);
  if (auto err = std::get_if<std::string>(&endpoints))
    return refuse(self, *err);
  caf::actor to = req.target_actor;
  std::string to_name;
  if (!to && !req.payload.empty()) {
    if (req.target.empty())
      return refuse(self, "no target name or handle");
    // A name not known yet queues until it is (it may live on another node).
    to = st.ctx->names->lookup(req.target);
    to_name = req.target;
  }
  grid_request grid;
  grid.rule = *rule;
  grid.quantum = st.params.quantum;
  grid.phrase_bars = req.bars > 0 ? req.bars : st.params.phrase_bars;
  grid.beat = req.beat;
  grid.on_passed = *policy;
  grid.tolerance = req.tolerance_us >= 0 ? micros{req.tolerance_us} : st.params.tolerance;
  if (req.lookahead_us >= 0) {
    grid.lookahead = micros{req.lookahead_us};
  } else if (auto i = st.params.lookahead.find(req.target); i != st.params.lookahead.end()) {
    grid.lookahead = i->second;
  }
  // A datagram alone goes at the grid time itself.
  if (req.payload.empty())
    grid.lookahead = micros{0};
  // Resolve without the policy first, so that a moved position is counted.
  const micros now = clock_of(self).now();
  auto strict = grid;
  strict.on_passed = passed_policy::drop;
  auto target = schedule(clock_of(self), now, strict);
  // Late within its tolerance: it goes out at once.
  if (target.passed && now <= target.deliver + grid.tolerance)
    target.passed = false;
  if (target.passed && grid.on_passed == passed_policy::next) {
    target = schedule(clock_of(self), now, grid);
    ++st.rescheduled;
  }
  quantize_receipt receipt;
  receipt.id = st.next_id++;
  receipt.beat = target.beat;
  receipt.quantum = target.quantum;
  receipt.time_us = target.time.count();
  receipt.deliver_us = target.deliver.count();
  if (target.passed) {
    ++st.dropped;
    receipt.dropped = true;
    return receipt;
  }
  pending_delivery d{grid, target, std::move(to), std::move(req.payload), std::move(to_name)};
  d.owner = std::move(req.owner);
  d.owner_epoch = req.owner_epoch;
  d.report_to = std::move(req.report_to);
  d.tag = req.tag;
  if (!req.datagram.empty()) {
    auto datagram = std::make_shared<const std::vector<uint8_t>>(std::move(req.datagram));
    auto& sockets = std::get<0>(endpoints);
    if (target.lookahead == micros{0}) {
      d.datagram = std::move(datagram);
      d.datagram_to = std::move(req.datagram_to);
      d.endpoints = std::move(sockets);
    } else {
      // The payload goes early by the lookahead, the datagram at the grid
      // time: two deliveries.
      pending_delivery alone{grid, target, {}, {}, {}};
      alone.request.lookahead = alone.target.lookahead = micros{0};
      alone.target.deliver = alone.target.time;
      alone.datagram = std::move(datagram);
      alone.datagram_to = std::move(req.datagram_to);
      alone.endpoints = std::move(sockets);
      alone.owner = d.owner;
      alone.owner_epoch = d.owner_epoch;
      alone.report_to = d.report_to;
      alone.tag = d.tag;
      st.pending.emplace(st.next_id++, std::move(alone));
    }
  }
  st.pending.emplace(receipt.id, std::move(d));
  process_due(self);
  arm(self);
  st.checkpoints->changed();
  return receipt;
}

/// The schedule as a movable quantizer checkpoints it.
quantizer_checkpoint snapshot(const quantizer_state& st) {
  quantizer_checkpoint result;
  result.next_id = st.next_id;
  for (auto& [id, d] : st.pending)
    if (!d.to_name.empty() || (!d.to && d.datagram))
      result.pending.push_back({id, d.to_name, d.request, d.target, d.payload,
                                d.datagram ? *d.datagram : std::vector<uint8_t>{},
                                d.datagram_to, d.owner, d.owner_epoch});
  return result;
}

/// Takes over the schedule of a previous incarnation: each position is
/// resolved again on this node's clock; those already passed go by policy.
void resume(quantizer_self self, quantizer_checkpoint& saved) {
  auto& st = self->state;
  const micros now = clock_of(self).now();
  st.next_id = std::max(st.next_id, saved.next_id);
  for (auto& x : saved.pending) {
    auto endpoints = endpoints_of(st, x.datagram_to);
    if (auto err = std::get_if<std::string>(&endpoints)) {
      st.log->warn("quantizer: drops a resumed delivery: {}", *err);
      continue;
    }
    caf::actor to;
    if (!x.to.empty())
      to = st.ctx->names->lookup(x.to);
    pending_delivery d{x.request, recompute(clock_of(self), now, x.position), std::move(to),
                       std::move(x.payload), x.to};
    d.owner = std::move(x.owner);
    d.owner_epoch = x.owner_epoch;
    if (!x.datagram.empty()) {
      d.datagram = std::make_shared<const std::vector<uint8_t>>(std::move(x.datagram));
      d.datagram_to = std::move(x.datagram_to);
      d.endpoints = std::move(std::get<0>(endpoints));
    }
    st.pending.emplace(x.id, std::move(d));
    ++st.restored;
  }
  st.log->info("quantizer: resumed {} deliveries from a checkpoint", saved.pending.size());
  process_due(self);
  arm(self);
}

std::string state_json(quantizer_self self) {
  auto& st = self->state;
  const auto late = st.late.summarize();
  const auto handed = std::count_if(st.pending.begin(), st.pending.end(),
                                    [](auto& kv) { return kv.second.handed_over; });
  boost::json::object lookahead;
  for (auto& [name, value] : st.params.lookahead)
    lookahead[name] = value.count();
  boost::json::object datagrams;
  for (auto& [name, endpoint] : st.endpoints)
    datagrams[name] = boost::json::object{{"sent", endpoint->sent.load()},
                                          {"errors", endpoint->errors.load()}};
  boost::json::object state{
    {"pending", st.pending.size()},
    {"restored", st.restored},
    {"handed_over", handed},
    {"fired", st.fired},
    {"rescheduled", st.rescheduled},
    {"dropped", st.dropped},
    {"superseded", st.superseded},
    {"refused", st.refused},
    {"last_refused", st.last_refused},
    {"on_passed", st.params.on_passed == passed_policy::next ? "next" : "drop"},
    {"lookahead_us", std::move(lookahead)},
    {"datagrams", std::move(datagrams)},
    {"tempo", st.tempo},
    {"clock_ticks", st.clock_ticks},
    {"clock_tick_us", st.clock_tick_us},
    {"precise", st.sender != nullptr},
    {"realtime", st.sender && st.sender->realtime()},
    {"late", boost::json::object{{"samples", late.samples},
                                 {"p50_us", late.p50_us},
                                 {"p99_us", late.p99_us},
                                 {"max_us", late.max_us},
                                 {"over_us", late.over_us},
                                 {"over", late.over}}},
    {"mailbox", self->mailbox().size()}};
  st.checkpoints->describe(state);
  return boost::json::serialize(state);
}

} // namespace

quantizer_actor::behavior_type quantizer(quantizer_self self,
                                         std::shared_ptr<const node_context> ctx,
                                         quantizer_params params,
                                         std::shared_ptr<checkpointer> checkpoints) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.params = std::move(params);
  st.checkpoints = std::move(checkpoints);
  st.log = role_logger("quantizer");
  if (st.params.precise)
    st.sender = std::make_unique<precise_sender>(st.ctx->clock, self->address(),
                                                 st.params.spin_margin,
                                                 st.params.realtime);
  if (st.ctx->clock_service)
    caf::anon_send(st.ctx->clock_service, atom::subscribe_v, caf::actor_cast<caf::actor>(self));
  quantizer_checkpoint saved;
  if (st.checkpoints->restore(self->system(), saved))
    resume(self, saved);
  st.checkpoints->attach(self, [self] { return snapshot(self->state); });
  return {
    [self](quantize_request& req) { return accept(self, req); },
    [self](const clock_tick& tick) {
      auto& st = self->state;
      st.tempo = tick.tempo;
      st.clock_tick_us = tick.origin_us;
      ++st.clock_ticks;
      const micros now = clock_of(self).now();
      for (auto& [id, d] : st.pending)
        if (!d.handed_over)
          d.target = recompute(clock_of(self), now, d.target);
      if (st.sender)
        st.sender->retime();
      st.timer_at = micros{-1};
      process_due(self);
      arm(self);
      st.checkpoints->changed();
    },
    [self](atom::inspect) { return state_json(self); },
    [self](atom::tick, uint64_t generation) {
      auto& st = self->state;
      if (generation != st.timer)
        return;
      st.timer_at = micros{-1};
      process_due(self);
      arm(self);
      st.checkpoints->changed();
    },
    [self](atom::fired, uint64_t id, int64_t error_us) {
      auto& st = self->state;
      if (st.pending.erase(id) == 0)
        return;
      ++st.fired;
      st.late.add(micros{error_us});
      st.checkpoints->changed();
    },
    [self](atom::missed, uint64_t id) {
      auto& st = self->state;
      auto i = st.pending.find(id);
      if (i == st.pending.end())
        return;
      if (superseded(st, i->second))
        drop_superseded(self, i);
      else
        pass(self, i, clock_of(self).now());
      process_due(self);
      arm(self);
      st.checkpoints->changed();
    },
    [self](atom::checkpoint) { self->state.checkpoints->due(); },
  };
}

actor_kind quantizer_kind() {
  actor_kind kind;
  kind.name = "quantizer";
  kind.summary = "delivers messages to actors on the beat grid (next beat, bar, phrase, exact beat)";
  caf::config_option_adder{kind.options, "options"}
    .add<std::map<std::string, caf::timespan>>("lookahead",
                                               "per-target latency, e.g. { strudel = 50ms }")
    .add<std::string>("on-passed", "\"next\" (default) or \"drop\" for a passed position")
    .add<int64_t>("phrase-bars", "bars per phrase when a request gives none (default 4)")
    .add<caf::timespan>("tolerance", "later than this a delivery is passed, unless its request says (default 1ms)")
    .add<caf::timespan>("lead", "timer hands a delivery to the precise thread this early (250ms)")
    .add<caf::timespan>("spin-margin", "the precise thread spins this long (default 1500us)")
    .add<bool>("realtime", "ask SCHED_FIFO for the precise thread (default true)");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx)
    -> caf::expected<caf::actor> {
    quantizer_params params;
    params.quantum = ctx->config.clock.quantum;
    for (auto& [name, value] : caf::get_or(spec.options, "lookahead",
                                           std::map<std::string, caf::timespan>{}))
      params.lookahead[name] = to_micros(value);
    auto policy = parse_policy(caf::get_or(spec.options, "on-passed", std::string{"next"}));
    if (!policy)
      return make_error(ec::spawn_failed, spec.name + ": on-passed must be \"next\" or \"drop\"");
    params.on_passed = *policy;
    auto bars = caf::get_or(spec.options, "phrase-bars", int64_t{4});
    if (bars < 1 || bars > std::numeric_limits<int>::max())
      return make_error(ec::spawn_failed, spec.name + ": phrase-bars must be at least 1");
    params.phrase_bars = static_cast<int>(bars);
    auto timespan = [&](const char* key, micros fallback) {
      return to_micros(caf::get_or(spec.options, key, caf::timespan{fallback}));
    };
    params.tolerance = timespan("tolerance", params.tolerance);
    params.lead = timespan("lead", params.lead);
    params.spin_margin = timespan("spin-margin", params.spin_margin);
    params.realtime = caf::get_or(spec.options, "realtime", params.realtime);
    if (params.spin_margin > params.lead)
      return make_error(ec::spawn_failed, spec.name + ": spin-margin must not exceed lead");
    // The final precise wait runs on the host clock: only Link's clock is on it.
    params.precise = dynamic_cast<const link_clock*>(ctx->clock.get()) != nullptr;
    return caf::actor_cast<caf::actor>(
      sys.spawn(quantizer, ctx, std::move(params), checkpointer::of(spec, *ctx)));
  };
  return kind;
}

} // namespace lume

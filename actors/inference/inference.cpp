#include "actors/inference/inference.hpp"

#include <boost/json.hpp>
#include <caf/actor_cast.hpp>
#include <caf/make_message.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include "system/errors.hpp"
#include "system/log/log.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

using time_point = caf::actor_clock::time_point;

double ms_of(caf::timespan x) {
  return std::chrono::duration<double, std::milli>(x).count();
}

/// Failures that may pass by themselves: worth a retry of the same input.
bool transient(const std::string& kind) {
  return kind == "resolve" || kind == "connect" || kind == "tls" || kind == "timeout" || kind == "io"
         || kind == "http_5xx" || kind == "busy";
}

/// The client's reports, as messages to the actor (from the client's thread).
net::sdapi_listener listener_of(inference_self self) {
  auto tell = [addr = self->address()](auto&&... xs) {
    if (auto whom = caf::actor_cast<caf::actor>(addr))
      caf::anon_send(whom, std::forward<decltype(xs)>(xs)...);
  };
  net::sdapi_listener result;
  result.done = [tell](net::sdapi_success x) {
    styled_frame frame;
    frame.image = std::move(x.image.png);
    frame.media_type = "image/png";
    frame.width = static_cast<uint16_t>(x.image.width);
    frame.height = static_cast<uint16_t>(x.image.height);
    tell(atom::reply_v, x.id, std::move(frame), caf::timespan{x.encode}, caf::timespan{x.decode},
         caf::timespan{x.exchange}, x.image.compute_ms);
  };
  result.failed = [tell](net::sdapi_failure x) {
    tell(atom::reply_v, x.id, std::move(x.kind), std::move(x.detail));
  };
  result.progress = [tell](std::string body) {
    tell(atom::status_v, std::string{"progress"}, std::move(body));
  };
  result.interrupted = [tell](std::string error) {
    tell(atom::status_v, std::string{"interrupt"}, std::move(error));
  };
  return result;
}

/// Makes sure a tick comes at `at` (one already due earlier does).
void wake_at(inference_self self, time_point at) {
  auto& st = self->state;
  if (st.wake_at && *st.wake_at <= at && *st.wake_at > self->clock().now())
    return;
  st.wake_at = at;
  self->scheduled_send(self, at, atom::tick_v);
}

void log_transition(inference_self self, breaker_state before, breaker_state now) {
  auto& st = self->state;
  if (now == breaker_state::open && before == breaker_state::half_open)
    st.log->info("{} keeps its circuit breaker open: the probe failed ({}); next probe in {} ms",
                 st.name_, st.last_failure, ms_of(st.breaker->settings().open_for));
  else if (now == breaker_state::open)
    st.log->warn("{} opened its circuit breaker after {} failures (last: {}); next probe in {} ms",
                 st.name_, st.breaker->recent_failures(), st.last_failure,
                 ms_of(st.breaker->settings().open_for));
  else if (now == breaker_state::half_open)
    st.log->info("{} probes the server (breaker half-open)", st.name_);
  else
    st.log->info("{} closed its circuit breaker: the server answers again", st.name_);
}

/// Submits the pending input if nothing is in flight and the breaker, the
/// backoff and the rate let it go; else arranges a tick for when they may.
void try_submit(inference_self self) {
  auto& st = self->state;
  if (st.progress.in_flight != 0 || !st.pending || !st.client)
    return;
  auto now = self->clock().now();
  if (st.not_before && now < *st.not_before)
    return wake_at(self, *st.not_before);
  if (st.last_submit) {
    auto gap = std::chrono::duration_cast<caf::timespan>(std::chrono::duration<double>(1.0 / st.config.rate));
    if (now < *st.last_submit + gap)
      return wake_at(self, *st.last_submit + gap);
  }
  // Checked before the breaker admits a probe, which then must go out.
  auto prompt = st.config.prompts.find(st.progress.scene);
  if (!prompt) {
    ++st.no_prompt;
    st.pending.reset();
    return;
  }
  auto before = st.breaker->state();
  if (!st.breaker->admit(now)) {
    if (auto at = st.breaker->retry_at())
      wake_at(self, *at);
    return;
  }
  if (st.breaker->state() != before)
    log_transition(self, before, st.breaker->state());
  net::sdapi_job job;
  job.params = st.config.request;
  job.params.prompt = prompt->prompt;
  job.params.negative_prompt = prompt->negative;
  std::optional<double> param;
  if (st.config.modulation)
    if (auto i = st.progress.params.find(st.config.modulation->param); i != st.progress.params.end())
      param = i->second;
  job.params.denoising_strength = modulated_strength(*prompt, st.config.modulation, param);
  if (auto depth = std::get_if<depth_frame>(&st.pending->image)) {
    job.pixels = render_depth(*depth, st.config.depth);
  } else {
    job.png = std::get<std::vector<uint8_t>>(st.pending->image);
  }
  job.id = st.progress.next_request++;
  st.progress.in_flight = job.id;
  st.progress.submitted_source = st.pending->source;
  st.progress.submitted_origin_us = st.pending->origin_us;
  st.submitted = std::move(st.pending);
  st.pending.reset();
  st.submitted_prompt = prompt->prompt;
  st.submitted_at = now;
  st.submitted_at_us = host_now_us();
  st.last_submit = now;
  st.next_progress_poll = now + st.config.progress_interval;
  wake_at(self, st.next_progress_poll);
  ++st.submitted_count;
  st.checkpoints->changed();
  st.client->submit(std::move(job));
}

/// Takes an input: the newest wins over one still waiting.
void take_input(inference_self self, inference_input input) {
  auto& st = self->state;
  ++st.inputs;
  st.in_hops.record(input.source, input.origin_us, host_now_us());
  if (!st.config.source.empty() && input.source != st.config.source) {
    ++st.other_sources;
    return;
  }
  // Submitted before (by this or an earlier incarnation): never again.
  if (input.source == st.progress.submitted_source && input.origin_us <= st.progress.submitted_origin_us) {
    ++st.duplicates;
    return;
  }
  if (auto depth = std::get_if<depth_frame>(&input.image);
      depth && (depth->width == 0 || depth->height == 0
                || depth->depth_mm.size() != std::size_t{depth->width} * depth->height)) {
    ++st.unrenderable;
    return;
  }
  if (st.pending)
    ++st.replaced;
  st.pending = std::move(input);
  try_submit(self);
}

void request_done(inference_self self) {
  auto& st = self->state;
  st.progress.in_flight = 0;
  st.submitted.reset();
  st.checkpoints->changed();
}

void on_failure(inference_self self, const std::string& kind, const std::string& detail) {
  auto& st = self->state;
  ++st.failures[kind];
  st.last_failure = kind + ": " + detail;
  auto now = self->clock().now();
  auto before = st.breaker->state();
  if (auto changed = st.breaker->failure(now))
    log_transition(self, before, *changed);
  auto input = std::move(st.submitted);
  request_done(self);
  if (input && transient(kind) && input->attempt < st.config.retries) {
    ++input->attempt;
    st.not_before = now + st.retry_delays->delay(input->attempt);
    if (!st.pending) {
      // The failed input is still the newest: it is tried again.
      ++st.retried;
      st.pending = std::move(input);
    } else {
      ++st.given_up;
    }
  } else if (input) {
    ++st.given_up;
    st.not_before = now + st.retry_delays->delay(input->attempt + 1);
  }
  try_submit(self);
}

boost::json::object state_json(inference_self self) {
  auto& st = self->state;
  boost::json::object failures;
  for (auto& [kind, n] : st.failures)
    failures[kind] = n;
  auto now = self->clock().now();
  boost::json::object breaker{{"state", to_string(st.breaker->state())},
                              {"recent_failures", st.breaker->recent_failures()},
                              {"opened", st.breaker->opened()},
                              {"failures", st.config.breaker.failures},
                              {"window_ms", ms_of(st.config.breaker.window)},
                              {"open_ms", ms_of(st.config.breaker.open_for)}};
  if (auto at = st.breaker->retry_at())
    breaker["probe_in_ms"] = std::max(0.0, ms_of(*at - now));
  boost::json::object costs{{"encode", st.encode.to_json()},     {"decode", st.decode.to_json()},
                            {"exchange", st.exchange.to_json()}, {"server_compute", st.compute.to_json()},
                            {"round_trip", st.round_trip.to_json()}};
  boost::json::object state{
    {"endpoint", st.config.client.endpoint.to_string()},
    {"scene", st.progress.scene},
    {"prompt", st.config.prompts.find(st.progress.scene) ? st.config.prompts.find(st.progress.scene)->prompt
                                                          : std::string{}},
    {"rate", st.config.rate},
    {"breaker", std::move(breaker)},
    {"failures", std::move(failures)},
    {"last_failure", st.last_failure},
    {"in_flight", st.progress.in_flight},
    {"pending", static_cast<bool>(st.pending)},
    {"inputs", st.inputs},
    {"replaced", st.replaced},
    {"other_sources", st.other_sources},
    {"duplicates", st.duplicates},
    {"unrenderable", st.unrenderable},
    {"no_prompt", st.no_prompt},
    {"submitted", st.submitted_count},
    {"styled", st.styled},
    {"retried", st.retried},
    {"given_up", st.given_up},
    {"stale_replies", st.stale_replies},
    {"interrupts", st.interrupts_sent},
    {"interrupt_errors", st.interrupt_errors},
    {"takeover_interrupts", st.takeovers_interrupted},
    {"progress_polls", st.progress_polls},
    {"server_progress", st.server_progress},
    {"scene_changes", st.scene_changes},
    {"seq", st.progress.seq},
    {"epoch", st.epoch},
    {"job_connects", st.client ? st.client->job_connects() : 0},
    {"control_connects", st.client ? st.client->control_connects() : 0},
    {"costs_ms", std::move(costs)},
    {"subscribers", st.subscribers->to_json()},
    {"mailbox", self->mailbox().size()}};
  if (st.not_before && *st.not_before > now)
    state["backoff_ms"] = ms_of(*st.not_before - now);
  st.checkpoints->describe(state);
  return state;
}

} // namespace

void cost_stats::add(double ms) {
  ++count;
  sum_ms += ms;
  last_ms = ms;
  max_ms = std::max(max_ms, ms);
}

boost::json::object cost_stats::to_json() const {
  return {{"count", count},
          {"mean", count ? sum_ms / static_cast<double>(count) : 0.0},
          {"last", last_ms},
          {"max", max_ms}};
}

inference_actor::behavior_type inference(inference_self self, std::shared_ptr<const node_context> ctx,
                                         std::string name, inference_config config,
                                         std::shared_ptr<checkpointer> checkpoints, uint64_t epoch) {
  auto& st = self->state;
  st.name_ = name;
  st.config = std::move(config);
  st.checkpoints = std::move(checkpoints);
  st.epoch = epoch;
  st.log = role_logger("inference");
  st.breaker.emplace(st.config.breaker);
  st.retry_delays.emplace(st.config.backoff, st.config.backoff_max, epoch * 7919 + 17);
  st.subscribers.emplace(ctx->names, st.config.subscribers);
  st.in_hops = hop_set{ctx->latency, name + ".in"};
  st.out_hops = hop_set{ctx->latency, name + ".out"};
  st.progress.scene = st.config.scene;
  auto started = net::sdapi_client::start(st.config.client, listener_of(self));
  if (auto err = std::get_if<std::string>(&started)) {
    st.log->error("{} cannot start its HTTP client: {}", name, *err);
    self->quit(make_error(ec::spawn_failed, name + ": " + *err));
  } else {
    st.client = std::move(std::get<0>(started));
  }
  if (st.client && st.checkpoints->restore(self->system(), st.progress) && st.progress.in_flight != 0) {
    // The previous incarnation's request may still run on the server; its
    // answer would go nowhere, and the server takes one job at a time.
    st.log->info("{} took over with request {} in flight: interrupting it", name, st.progress.in_flight);
    st.client->interrupt();
    ++st.takeovers_interrupted;
    st.progress.in_flight = 0;
  }
  st.checkpoints->attach(self, [self] { return self->state.progress; });
  return {
    [self](atom::inspect) -> std::string { return boost::json::serialize(state_json(self)); },
    [self](const depth_frame& frame) {
      take_input(self, inference_input{frame.source, frame.origin_us, frame, 0});
    },
    [self](const styled_frame& frame) {
      take_input(self, inference_input{frame.scene, frame.origin_us, frame.image, 0});
    },
    [self](const director_cut& cut) {
      auto& st = self->state;
      auto scene = !cut.scene.empty() ? cut.scene : cut.kind == "scene" ? cut.value : std::string{};
      if (scene.empty() || scene == st.progress.scene)
        return;
      st.progress.scene = scene;
      ++st.scene_changes;
      st.checkpoints->changed();
    },
    [self](const music_params& params) {
      auto& st = self->state;
      if (!st.config.modulation)
        return;
      if (auto i = params.values.find(st.config.modulation->param); i != params.values.end()) {
        st.progress.params[i->first] = i->second;
        st.checkpoints->changed();
      }
    },
    [self](atom::reply, uint64_t id, styled_frame& frame, caf::timespan encode, caf::timespan decode,
           caf::timespan exchange, double compute_ms) {
      auto& st = self->state;
      if (id != st.progress.in_flight) {
        ++st.stale_replies;
        return;
      }
      auto before = st.breaker->state();
      if (auto changed = st.breaker->success(self->clock().now()))
        log_transition(self, before, *changed);
      st.not_before.reset();
      auto now_us = host_now_us();
      frame.scene = st.progress.scene;
      frame.prompt = st.submitted_prompt;
      frame.source_origin_us = st.submitted->origin_us;
      frame.round_trip_us = now_us - st.submitted_at_us;
      frame.epoch = st.epoch;
      frame.seq = st.progress.seq++;
      frame.origin_us = now_us;
      st.encode.add(ms_of(encode));
      st.decode.add(ms_of(decode));
      st.exchange.add(ms_of(exchange));
      if (compute_ms >= 0)
        st.compute.add(compute_ms);
      st.round_trip.add(static_cast<double>(frame.round_trip_us) / 1000.0);
      ++st.styled;
      st.out_hops.record(st.submitted->source, st.submitted->origin_us, now_us);
      request_done(self);
      st.subscribers->publish(caf::make_message(std::move(frame)), self->context());
      try_submit(self);
    },
    [self](atom::reply, uint64_t id, std::string& kind, std::string& detail) {
      auto& st = self->state;
      if (id != st.progress.in_flight) {
        ++st.stale_replies;
        return;
      }
      on_failure(self, kind, detail);
    },
    [self](atom::status, const std::string& what, const std::string& body) {
      auto& st = self->state;
      if (what == "interrupt") {
        ++(body.empty() ? st.interrupts_sent : st.interrupt_errors);
        return;
      }
      boost::system::error_code err;
      auto parsed = boost::json::parse(body, err);
      st.server_progress = err ? boost::json::value(nullptr) : std::move(parsed);
    },
    [self](atom::tick) {
      auto& st = self->state;
      auto now = self->clock().now();
      if (st.wake_at && *st.wake_at <= now)
        st.wake_at.reset();
      if (st.client && st.progress.in_flight != 0 && now >= st.next_progress_poll) {
        ++st.progress_polls;
        st.client->poll_progress();
        st.next_progress_poll = now + st.config.progress_interval;
        wake_at(self, st.next_progress_poll);
      }
      try_submit(self);
    },
    [self](atom::checkpoint) { self->state.checkpoints->due(); },
  };
}

} // namespace lume

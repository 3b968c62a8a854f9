#include "actors/sim/simulator.hpp"

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/sim/endpoint.hpp"
#include "actors/sim/stream_runner.hpp"
#include "system/clock/host_clock.hpp"
#include "system/errors.hpp"

namespace lume {

namespace {

void emit_due(simulator_self self) {
  auto& st = self->state;
  const auto now = self->clock().now();
  const auto due = st.pacer->tick_at(now);
  if (due >= st.next_tick) {
    const auto lateness = now - st.pacer->deadline(st.next_tick);
    if (lateness > std::chrono::milliseconds{sim::max_lateness_ms}) {
      st.skipped += due - st.next_tick;
      st.next_tick = due;
    }
    const sim::capture_clock clock{host_now().count(), sim::unix_time_s()};
    for (; st.next_tick <= due; ++st.next_tick, ++st.ticks)
      st.source->emit(st.next_tick, clock, *st.out);
  }
  self->scheduled_send(self, st.pacer->deadline(st.next_tick), atom::tick_v);
}

} // namespace

simulator_actor::behavior_type simulator(simulator_self self,
                                         std::shared_ptr<sim::stream_source> source,
                                         std::shared_ptr<sim::udp_out> out, std::string target) {
  auto& st = self->state;
  st.source = std::move(source);
  st.out = std::move(out);
  st.target = std::move(target);
  st.pacer.emplace(st.source->rate(), self->clock().now());
  self->send(self, atom::tick_v);
  return {
    [self](atom::tick) { emit_due(self); },
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      boost::json::object state{{"target", st.target},
                                {"ticks", st.ticks},
                                {"ticks_skipped", st.skipped},
                                {"datagrams", st.out->datagrams()},
                                {"bytes", st.out->bytes()},
                                {"send_failures", st.out->send_failures()},
                                {"mailbox", self->mailbox().size()}};
      return boost::json::serialize(state);
    },
  };
}

caf::expected<caf::actor> spawn_simulator(caf::actor_system& sys, const child_spec& spec,
                                          const std::string& target,
                                          std::shared_ptr<sim::stream_source> source) {
  auto endpoint = sim::parse_endpoint(target);
  if (auto err = std::get_if<std::string>(&endpoint))
    return make_error(ec::spawn_failed, spec.name + ": option 'target': " + *err);
  auto out = sim::udp_out::open(std::get<sim::endpoint>(endpoint));
  if (auto err = std::get_if<std::string>(&out))
    return make_error(ec::spawn_failed, spec.name + ": " + *err);
  auto sink = std::make_shared<sim::udp_out>(std::move(std::get<sim::udp_out>(out)));
  return caf::actor_cast<caf::actor>(
    sys.spawn<caf::detached>(simulator, std::move(source), std::move(sink), target));
}

} // namespace lume

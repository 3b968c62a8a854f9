#include "system/clock/clock_service.hpp"

#include <algorithm>
#include <cmath>

#include <boost/json.hpp>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include "system/errors.hpp"

namespace lume {

namespace {

/// Posts `notify` to the service from Link's thread: never blocks, and a
/// dead service (weak address) is skipped.
void listen_to_link(link_clock& link, caf::actor_addr service) {
  auto notify = [service] {
    if (auto handle = caf::actor_cast<caf::actor>(service))
      caf::anon_send(handle, atom::notify_v);
  };
  link.on_tempo([notify](double) { notify(); });
  link.on_peers([notify](std::size_t) { notify(); });
  link.on_playing([notify](bool) { notify(); });
}

} // namespace

clock_tick read_clock(const beat_clock& clock, double quantum) {
  const micros t = clock.now();
  clock_tick tick;
  tick.tempo = clock.tempo();
  tick.beat = clock.beat_at(t, quantum);
  tick.phase = clock.phase_at(t, quantum);
  tick.quantum = quantum;
  tick.peers = static_cast<uint32_t>(clock.peers());
  tick.playing = clock.playing();
  tick.origin_us = t.count();
  return tick;
}

clock_service_state::~clock_service_state() {
  if (link) {
    link->on_tempo({});
    link->on_peers({});
    link->on_playing({});
  }
}

clock_service_actor::behavior_type clock_service(clock_service_self self,
                                                 std::shared_ptr<beat_clock> clock,
                                                 double quantum) {
  auto& st = self->state;
  st.clock = std::move(clock);
  st.link = std::dynamic_pointer_cast<link_clock>(st.clock);
  st.quantum = quantum;
  if (st.link)
    listen_to_link(*st.link, self->address());
  self->set_down_handler([self](caf::down_msg& msg) {
    auto& subs = self->state.subscribers;
    subs.erase(std::remove_if(subs.begin(), subs.end(),
                              [&](const caf::actor& x) { return x.address() == msg.source; }),
               subs.end());
  });
  return {
    [self](atom::subscribe, caf::actor who) {
      auto& st = self->state;
      if (!who || std::find(st.subscribers.begin(), st.subscribers.end(), who)
                    != st.subscribers.end())
        return;
      self->monitor(who);
      st.subscribers.push_back(who);
      caf::anon_send(who, read_clock(*st.clock, st.quantum));
      ++st.ticks_sent;
    },
    [self](atom::unsubscribe, caf::actor who) {
      auto& subs = self->state.subscribers;
      auto i = std::find(subs.begin(), subs.end(), who);
      if (i == subs.end())
        return;
      self->demonitor(who);
      subs.erase(i);
    },
    [self](atom::notify) {
      auto& st = self->state;
      ++st.notifications;
      const auto tick = read_clock(*st.clock, st.quantum);
      for (auto& who : st.subscribers)
        caf::anon_send(who, tick);
      st.ticks_sent += st.subscribers.size();
    },
    [self](atom::get) { return read_clock(*self->state.clock, self->state.quantum); },
    [self](atom::tempo, double bpm) -> caf::result<clock_tick> {
      auto& st = self->state;
      if (!std::isfinite(bpm) || bpm < 20 || bpm > 999)
        return make_error(ec::bad_request, "tempo " + std::to_string(bpm)
                                             + " BPM is outside Link's 20..999");
      st.clock->set_tempo(bpm, st.clock->now());
      ++st.tempo_sets;
      // Link's listener notifies too (a second tick, harmless); other
      // clocks have no listener.
      self->send(self, atom::notify_v);
      return read_clock(*st.clock, st.quantum);
    },
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      const auto tick = read_clock(*st.clock, st.quantum);
      boost::json::object state{{"tempo", tick.tempo},
                                {"peers", tick.peers},
                                {"playing", tick.playing},
                                {"link", st.link != nullptr},
                                {"subscribers", st.subscribers.size()},
                                {"notifications", st.notifications},
                                {"tempo_sets", st.tempo_sets},
                                {"ticks_sent", st.ticks_sent},
                                {"mailbox", self->mailbox().size()}};
      return boost::json::serialize(state);
    },
  };
}

} // namespace lume

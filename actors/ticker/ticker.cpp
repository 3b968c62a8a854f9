#include "actors/ticker/ticker.hpp"

#include <chrono>

#include <boost/json.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/deep_to_string.hpp>
#include <caf/settings.hpp>
#include <caf/stateful_actor.hpp>

#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

ticker_actor::behavior_type ticker(ticker_self self, ticker_setup setup) {
  auto& st = self->state;
  st.setup = std::move(setup);
  if (!st.setup.checkpoints->restore(self->system(), st.progress))
    st.progress = {};
  st.setup.checkpoints->attach(self, [self] { return self->state.progress; });
  st.next_tick = self->clock().now();
  self->send(self, atom::tick_v);
  return {
    [self](atom::tick) {
      auto& st = self->state;
      char line[128];
      auto n = std::snprintf(line, sizeof(line), "lume-tick %s %llu %llu",
                             st.setup.node.c_str(),
                             static_cast<unsigned long long>(st.setup.epoch),
                             static_cast<unsigned long long>(st.progress.seq));
      if (!st.setup.socket->send(line, static_cast<size_t>(n)))
        ++st.send_errors;
      ++st.progress.seq;
      st.setup.checkpoints->changed();
      // Ticks stay on their grid: a late tick does not delay the next ones.
      auto now = self->clock().now();
      st.next_tick += st.setup.interval;
      if (st.next_tick < now)
        st.next_tick = now;
      self->scheduled_send(self, st.next_tick, atom::tick_v);
    },
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      boost::json::object state{{"node", st.setup.node},
                                {"target", st.setup.socket->endpoint()},
                                {"interval", caf::deep_to_string(st.setup.interval)},
                                {"epoch", st.setup.epoch},
                                {"seq", st.progress.seq},
                                {"send_errors", st.send_errors},
                                {"mailbox", self->mailbox().size()}};
      st.setup.checkpoints->describe(state);
      return boost::json::serialize(state);
    },
    [self](atom::checkpoint) { self->state.setup.checkpoints->due(); },
  };
}

actor_kind ticker_kind() {
  actor_kind kind;
  kind.name = "ticker";
  kind.summary = "sends 'lume-tick NODE EPOCH SEQ' over UDP every interval";
  caf::config_option_adder{kind.options, "options"}
    .add<std::string>("target", "host:port that receives the datagrams")
    .add<caf::timespan>("interval", "time between datagrams (default 10ms)");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx)
    -> caf::expected<caf::actor> {
    auto target = caf::get_or(spec.options, "target", std::string{"127.0.0.1:9799"});
    auto socket = net::udp_sender::open(target);
    if (auto err = std::get_if<std::string>(&socket))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    ticker_setup setup;
    setup.node = ctx->config.node;
    setup.socket
      = std::make_shared<net::udp_sender>(std::move(std::get<net::udp_sender>(socket)));
    setup.interval = caf::get_or(spec.options, "interval",
                                 caf::timespan{std::chrono::milliseconds{10}});
    setup.checkpoints = checkpointer::of(spec, *ctx);
    if (spec.movable) {
      setup.epoch = setup.checkpoints->epoch();
    } else {
      auto entry = ctx->names->find(spec.name);
      setup.epoch = entry ? entry->proxy->incarnations() + 1 : 1;
    }
    return caf::actor_cast<caf::actor>(sys.spawn(ticker, std::move(setup)));
  };
  return kind;
}

} // namespace lume

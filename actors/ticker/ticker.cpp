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
  st.progress.seq = st.setup.first_seq;
  st.next_tick = self->clock().now();
  self->send(self, atom::tick_v);
  if (st.setup.checkpoints)
    self->set_exit_handler([self](caf::exit_msg& msg) {
      // A planned stop (the mesh moves us) hands over the latest sequence.
      self->state.setup.checkpoints->changed(self, self->state.progress, true);
      self->quit(std::move(msg.reason));
    });
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
      if (st.setup.checkpoints)
        st.setup.checkpoints->changed(self, st.progress);
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
      if (st.setup.checkpoints)
        state["checkpoint_age_ms"] = st.setup.checkpoints->age_us() / 1000.0;
      return boost::json::serialize(state);
    },
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
    if (spec.movable) {
      setup.epoch = ctx->checkpoints->epoch(spec.name);
      setup.checkpoints = std::make_shared<checkpointer>(
        spec.name, setup.epoch, ctx->mesh, ctx->config.mesh.checkpoint_interval);
      if (auto cp = ctx->checkpoints->get(spec.name)) {
        ticker_checkpoint restored;
        if (setup.checkpoints->restore(sys, *cp, restored))
          setup.first_seq = restored.seq;
      }
    } else {
      auto entry = ctx->names->find(spec.name);
      setup.epoch = entry ? entry->proxy->incarnations() + 1 : 1;
    }
    return caf::actor_cast<caf::actor>(sys.spawn(ticker, std::move(setup)));
  };
  return kind;
}

} // namespace lume

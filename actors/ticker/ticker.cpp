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

ticker_actor::behavior_type ticker(ticker_self self, std::string node,
                                   std::shared_ptr<net::udp_sender> socket,
                                   caf::timespan interval,
                                   uint64_t epoch) {
  auto& st = self->state;
  st.node = std::move(node);
  st.target = socket->endpoint();
  st.socket = std::move(socket);
  st.interval = interval;
  st.epoch = epoch;
  st.next_tick = self->clock().now();
  self->send(self, atom::tick_v);
  return {
    [self](atom::tick) {
      auto& st = self->state;
      char line[128];
      auto n = std::snprintf(line, sizeof(line), "lume-tick %s %llu %llu",
                             st.node.c_str(),
                             static_cast<unsigned long long>(st.epoch),
                             static_cast<unsigned long long>(st.seq));
      if (!st.socket->send(line, static_cast<size_t>(n)))
        ++st.send_errors;
      ++st.seq;
      // Ticks stay on their grid: a late tick does not delay the next ones.
      auto now = self->clock().now();
      st.next_tick += st.interval;
      if (st.next_tick < now)
        st.next_tick = now;
      self->scheduled_send(self, st.next_tick, atom::tick_v);
    },
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      boost::json::object state{{"node", st.node},
                                {"target", st.target},
                                {"interval", caf::deep_to_string(st.interval)},
                                {"epoch", st.epoch},
                                {"seq", st.seq},
                                {"send_errors", st.send_errors},
                                {"mailbox", self->mailbox().size()}};
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
    auto interval = caf::get_or(spec.options, "interval",
                                caf::timespan{std::chrono::milliseconds{10}});
    auto socket = net::udp_sender::open(target);
    if (auto err = std::get_if<std::string>(&socket))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto entry = ctx->names->find(spec.name);
    uint64_t epoch = entry ? entry->proxy->incarnations() + 1 : 1;
    return caf::actor_cast<caf::actor>(sys.spawn(
      ticker, ctx->config.node,
      std::make_shared<net::udp_sender>(std::move(std::get<net::udp_sender>(socket))),
      interval, epoch));
  };
  return kind;
}

} // namespace lume

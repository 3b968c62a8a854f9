#include "actors/sensors/sensor.hpp"

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/stateful_actor.hpp>

#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

sensor_actor::behavior_type sensor(sensor_self self, std::string kind,
                                   std::shared_ptr<sensor_input> input,
                                   std::shared_ptr<sensor_source> source) {
  self->state.kind = std::move(kind);
  self->state.input = std::move(input);
  self->state.source = std::move(source);
  return {
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      auto result = st.input->state();
      result["kind"] = st.kind;
      result["source"] = st.source->state();
      result["mailbox"] = self->mailbox().size();
      return boost::json::serialize(result);
    },
  };
}

void add_udp_sensor_options(caf::config_option_set& options, std::uint16_t default_port,
                            bool republishes) {
  caf::config_option_adder adder{options, "options"};
  adder.add<std::string>("address", "IPv4 address to receive on (default 0.0.0.0)")
    .add<int64_t>("port", "UDP port (default " + std::to_string(default_port) + ")")
    .add<std::vector<std::string>>("subscribers", "names that receive the decoded messages");
  if (republishes)
    adder.add<std::string>("republish", "host:port that receives a LUM copy of the stream");
}

std::variant<udp_sensor_options, std::string>
read_udp_sensor_options(const child_spec& spec, std::uint16_t default_port) {
  udp_sensor_options result;
  result.socket.address = caf::get_or(spec.options, "address", std::string{"0.0.0.0"});
  auto port = caf::get_or(spec.options, "port", int64_t{default_port});
  if (port < 0 || port > 65535)
    return "option 'port': " + std::to_string(port) + " is not a UDP port";
  result.socket.port = static_cast<std::uint16_t>(port);
  result.socket.thread_name = "rx-" + spec.name;
  result.subscribers = caf::get_or(spec.options, "subscribers", std::vector<std::string>{});
  result.republish = caf::get_or(spec.options, "republish", std::string{});
  return result;
}

std::variant<sensor_output, std::string>
make_sensor_output(const node_context& ctx, const child_spec& spec,
                   const udp_sensor_options& options, net::lum_kind kind, bool capture_time) {
  sensor_output out{ctx, spec.name, options.subscribers, capture_time};
  if (!options.republish.empty()) {
    auto republisher = lum_republisher::open(kind, options.republish);
    if (auto err = std::get_if<std::string>(&republisher))
      return "option 'republish': " + *err;
    out.republish = std::move(std::get<0>(republisher));
  }
  return out;
}

caf::expected<caf::actor> spawn_udp_sensor(caf::actor_system& sys, const child_spec& spec,
                                           const udp_sensor_options& options,
                                           std::shared_ptr<sensor_input> input) {
  auto receiver = udp_receiver::open(options.socket, input);
  if (auto err = std::get_if<std::string>(&receiver))
    return make_error(ec::spawn_failed, spec.name + ": " + *err);
  std::shared_ptr<sensor_source> source = std::move(std::get<0>(receiver));
  return caf::actor_cast<caf::actor>(sys.spawn(sensor, spec.kind, std::move(input), std::move(source)));
}

} // namespace lume

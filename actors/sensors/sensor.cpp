#include "actors/sensors/sensor.hpp"

#include <arpa/inet.h>

#include <chrono>

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/stateful_actor.hpp>

#include "system/config/listener_options.hpp"
#include "system/errors.hpp"
#include "system/log/log.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

double seconds(caf::timespan x) {
  return std::chrono::duration<double>(x).count();
}

/// Makes the sensor fail with `reason` from a source's thread.
source_lost_fn fail_on_loss(sensor_self self) {
  return [addr = self->address()](std::string reason) {
    auto whom = caf::actor_cast<caf::actor>(addr);
    if (whom)
      caf::anon_send(whom, caf::exit_msg{addr, make_error(ec::source_lost, std::move(reason))});
  };
}

/// One opening attempt; on failure the next one is scheduled.
void open_source(sensor_self self) {
  auto& st = self->state;
  if (st.source)
    return;
  ++st.attempts;
  auto opened = st.setup.open(fail_on_loss(self));
  if (auto err = std::get_if<std::string>(&opened)) {
    st.last_error = std::move(*err);
    st.retry_in = st.setup.retry.delay_after(st.attempts);
    if (st.attempts == 1)
      st.log->warn("{}: waiting for its source: {} (trying again after {} s, then up to every {} s)",
                   st.setup.name, st.last_error, seconds(st.retry_in), seconds(st.setup.retry.max));
    self->delayed_send(self, st.retry_in, atom::tick_v);
    return;
  }
  st.source = std::move(std::get<0>(opened));
  if (st.attempts > 1)
    st.log->info("{}: source open after {} attempts", st.setup.name, st.attempts);
}

} // namespace

sensor_actor::behavior_type sensor(sensor_self self, sensor_setup setup) {
  self->state.setup = std::move(setup);
  self->state.log = role_logger("sensor");
  open_source(self);
  return {
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      auto result = st.setup.input->state();
      result["kind"] = st.setup.kind;
      result["state"] = st.source ? "streaming" : "waiting";
      result["attempts"] = st.attempts;
      result["error"] = st.last_error.empty() ? boost::json::value(nullptr)
                                              : boost::json::value(st.last_error);
      if (st.source)
        result["source"] = st.source->state();
      else
        result["retry_in_s"] = seconds(st.retry_in);
      if (st.setup.recorder)
        result["recording"] = st.setup.recorder->state();
      result["mailbox"] = self->mailbox().size();
      return boost::json::serialize(result);
    },
    [self](const session_command& cmd) -> caf::result<std::string> {
      auto& st = self->state;
      if (cmd.command != "record")
        return make_error(ec::bad_request, st.setup.name + " takes only 'record' of the session");
      if (!st.setup.recorder)
        return make_error(ec::bad_request, st.setup.name + " has no datagrams to record");
      if (cmd.argument.empty()) {
        st.setup.recorder->stop();
        st.log->info("{} stops recording", st.setup.name);
        return std::string{};
      }
      if (auto err = st.setup.recorder->start(cmd.argument))
        return make_error(ec::bad_request, st.setup.name + ": " + *err);
      auto file = st.setup.recorder->file();
      st.log->info("{} records to {}", st.setup.name, file);
      return file;
    },
    [self](atom::tick) { open_source(self); },
  };
}

caf::actor spawn_sensor(caf::actor_system& sys, const child_spec& spec,
                        std::shared_ptr<sensor_input> input, source_opener open,
                        retry_policy retry, std::shared_ptr<datagram_recorder> recorder) {
  sensor_setup setup{spec.name, spec.kind, std::move(input), std::move(open), retry,
                     std::move(recorder)};
  return caf::actor_cast<caf::actor>(sys.spawn(sensor, std::move(setup)));
}

void add_udp_sensor_options(caf::config_option_set& options, std::uint16_t default_port,
                            bool republishes) {
  caf::config_option_adder adder{options, "options"};
  adder.add<std::string>("address", "IPv4 address to receive on (default 0.0.0.0)")
    .add<int64_t>("port", "UDP port (default " + std::to_string(default_port) + ")")
    .add<std::vector<std::string>>("subscribers", "names that receive the decoded messages")
    .add<caf::timespan>("retry", "first wait before opening a missing source again (default 500ms)")
    .add<caf::timespan>("retry-max", "longest wait between opening attempts (default 5s)");
  if (republishes)
    adder.add<std::string>("republish", "host:port that receives a LUM copy of the stream");
}

std::variant<udp_sensor_options, std::string>
read_udp_sensor_options(const child_spec& spec, std::uint16_t default_port) {
  udp_sensor_options result;
  result.socket.address = caf::get_or(spec.options, "address", std::string{"0.0.0.0"});
  in_addr parsed{};
  if (::inet_pton(AF_INET, result.socket.address.c_str(), &parsed) != 1)
    return "option 'address': not an IPv4 address: '" + result.socket.address + "'";
  auto port = caf::get_or(spec.options, "port", int64_t{default_port});
  if (port < 0 || port > 65535)
    return "option 'port': " + std::to_string(port) + " is not a UDP port";
  result.socket.port = static_cast<std::uint16_t>(port);
  result.socket.thread_name = "rx-" + spec.name;
  result.subscribers = caf::get_or(spec.options, "subscribers", std::vector<std::string>{});
  result.republish = caf::get_or(spec.options, "republish", std::string{});
  if (auto err = read_retry(spec.options, result.retry.first, result.retry.max); !err.empty())
    return err;
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

caf::actor spawn_udp_sensor(caf::actor_system& sys, const child_spec& spec,
                            const udp_sensor_options& options,
                            std::shared_ptr<sensor_input> input) {
  auto recorder = std::make_shared<datagram_recorder>();
  auto open = [socket = options.socket, input, recorder](source_lost_fn) {
    return as_source(udp_receiver::open(socket, input, recorder));
  };
  return spawn_sensor(sys, spec, std::move(input), std::move(open), options.retry,
                      std::move(recorder));
}

} // namespace lume

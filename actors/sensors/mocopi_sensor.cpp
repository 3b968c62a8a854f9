#include "actors/sensors/mocopi_sensor.hpp"

#include "actors/sensors/mocopi_input.hpp"
#include "actors/sensors/sensor.hpp"
#include "net/mocopi_types.hpp"
#include "system/errors.hpp"

namespace lume {

actor_kind mocopi_sensor_kind() {
  actor_kind kind;
  kind.name = "mocopi";
  kind.summary = "receives Sony mocopi UDP and sends skeleton_frame to its subscribers";
  add_udp_sensor_options(kind.options, net::mocopi_port, true);
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto options = read_udp_sensor_options(spec, net::mocopi_port);
    if (auto err = std::get_if<std::string>(&options))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto& opts = std::get<udp_sensor_options>(options);
    opts.socket.max_datagram = 16384;
    auto out = make_sensor_output(*ctx, spec, opts, net::lum_kind::motion, true);
    if (auto err = std::get_if<std::string>(&out))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto input = std::make_shared<mocopi_input>(std::move(std::get<sensor_output>(out)));
    return spawn_udp_sensor(sys, spec, opts, std::move(input));
  };
  return kind;
}

} // namespace lume

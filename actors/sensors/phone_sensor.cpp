#include "actors/sensors/phone_sensor.hpp"

#include <caf/config_option_adder.hpp>

#include "actors/sensing/config_any.hpp"
#include "actors/sensors/phone_input.hpp"
#include "actors/sensors/phone_routes.hpp"
#include "actors/sensors/sensor.hpp"
#include "system/errors.hpp"

namespace lume {

actor_kind phone_sensor_kind() {
  actor_kind kind;
  kind.name = "phone";
  kind.summary = "receives phone motion OSC and sends phone_motion to its subscribers";
  add_udp_sensor_options(kind.options, phone_default_port, false);
  caf::config_option_adder{kind.options, "options"}.add<caf::config_value>(
    "routes", "OSC address patterns to fields: [{pattern, field, scale, order}, ...]");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto options = read_udp_sensor_options(spec, phone_default_port);
    if (auto err = std::get_if<std::string>(&options))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto& opts = std::get<udp_sensor_options>(options);
    opts.socket.max_datagram = 16384;
    auto i = spec.options.find("routes");
    auto routes = read_phone_routes(i == spec.options.end() ? caf::config_value{caf::config_value::list{}}
                                                            : i->second);
    if (auto err = std::get_if<std::string>(&routes))
      return make_error(ec::spawn_failed, spec.name + ": option " + *err);
    auto out = make_sensor_output(*ctx, spec, opts, net::lum_kind::motion, false);
    if (auto err = std::get_if<std::string>(&out))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto input = std::make_shared<phone_input>(std::move(std::get<sensor_output>(out)),
                                               std::move(std::get<0>(routes)));
    return spawn_udp_sensor(sys, spec, opts, std::move(input));
  };
  return kind;
}

} // namespace lume

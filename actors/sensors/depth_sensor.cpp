#include "actors/sensors/depth_sensor.hpp"

#include "actors/sensors/depth_input.hpp"
#include "actors/sensors/sensor.hpp"
#include "system/errors.hpp"

namespace lume {

actor_kind depth_sensor_kind() {
  actor_kind kind;
  kind.name = "depth";
  kind.summary = "receives LUMD depth frames and sends depth_frame to its subscribers";
  add_udp_sensor_options(kind.options, net::lum_depth_port, true);
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto options = read_udp_sensor_options(spec, net::lum_depth_port);
    if (auto err = std::get_if<std::string>(&options))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto& opts = std::get<udp_sensor_options>(options);
    auto out = make_sensor_output(*ctx, spec, opts, net::lum_kind::depth, true);
    if (auto err = std::get_if<std::string>(&out))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto input = std::make_shared<depth_input>(std::move(std::get<sensor_output>(out)),
                                               net::lum_reassembly_limits{});
    return spawn_udp_sensor(sys, spec, opts, std::move(input));
  };
  return kind;
}

} // namespace lume

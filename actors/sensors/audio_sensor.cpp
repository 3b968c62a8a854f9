#include "actors/sensors/audio_sensor.hpp"

#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>

#include "actors/sensors/alsa_capture.hpp"
#include "actors/sensors/audio_input.hpp"
#include "actors/sensors/sensor.hpp"
#include "system/errors.hpp"

namespace lume {

namespace {

std::variant<alsa_capture_config, std::string> read_alsa_options(const child_spec& spec) {
  alsa_capture_config cfg;
  cfg.device = caf::get_or(spec.options, "device", std::string{});
  auto rate = caf::get_or(spec.options, "rate", int64_t{48000});
  auto channels = caf::get_or(spec.options, "channels", int64_t{8});
  auto period = caf::get_or(spec.options, "period", int64_t{512});
  if (rate < 8000 || rate > 384000)
    return "option 'rate': " + std::to_string(rate) + " Hz is outside 8000..384000";
  if (channels < 1 || channels > 64)
    return "option 'channels': " + std::to_string(channels) + " is outside 1..64";
  if (period < 16 || period > 8192)
    return "option 'period': " + std::to_string(period) + " frames is outside 16..8192";
  cfg.rate = static_cast<std::uint32_t>(rate);
  cfg.channels = static_cast<std::uint16_t>(channels);
  cfg.period = static_cast<std::uint32_t>(period);
  cfg.thread_name = "alsa-" + spec.name;
  return cfg;
}

} // namespace

actor_kind audio_sensor_kind() {
  actor_kind kind;
  kind.name = "audio";
  kind.summary = "receives LUMF audio (or captures an ALSA device) and sends audio_block";
  add_udp_sensor_options(kind.options, net::lum_audio_port, true);
  caf::config_option_adder{kind.options, "options"}
    .add<std::string>("device", "ALSA capture device instead of LUMF, e.g. \"hw:UMA8\"")
    .add<int64_t>("rate", "ALSA sample rate, Hz (default 48000)")
    .add<int64_t>("channels", "ALSA channels (default 8)")
    .add<int64_t>("period", "ALSA frames per block (default 512)");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto options = read_udp_sensor_options(spec, net::lum_audio_port);
    if (auto err = std::get_if<std::string>(&options))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto& opts = std::get<udp_sensor_options>(options);
    auto alsa = read_alsa_options(spec);
    if (auto err = std::get_if<std::string>(&alsa))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto& device = std::get<alsa_capture_config>(alsa);
    auto out = make_sensor_output(*ctx, spec, opts, net::lum_kind::audio, true);
    if (auto err = std::get_if<std::string>(&out))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto input = std::make_shared<audio_input>(std::move(std::get<sensor_output>(out)),
                                               net::lum_reassembly_limits{});
    if (device.device.empty())
      return spawn_udp_sensor(sys, spec, opts, std::move(input));
    auto open = [device, input](source_lost_fn lost) {
      return as_source(alsa_capture::open(device, input, std::move(lost)));
    };
    return spawn_sensor(sys, spec, std::move(input), std::move(open), opts.retry);
  };
  return kind;
}

} // namespace lume

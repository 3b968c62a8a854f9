#include "actors/sim/sim_kinds.hpp"

#include <caf/config_option_adder.hpp>

#include "actors/sim/audio_source.hpp"
#include "actors/sim/depth_source.hpp"
#include "actors/sim/mocopi_source.hpp"
#include "actors/sim/phone_source.hpp"
#include "actors/sim/simulator.hpp"
#include "system/errors.hpp"

namespace lume {

namespace {

/// Reads integer option `key` (default `fallback`) within [lo, hi].
std::variant<int64_t, std::string> bounded(const child_spec& spec, const char* key,
                                           int64_t fallback, int64_t lo, int64_t hi) {
  auto x = caf::get_or(spec.options, key, fallback);
  if (x < lo || x > hi)
    return "option '" + std::string{key} + "': " + std::to_string(x) + " is outside "
           + std::to_string(lo) + ".." + std::to_string(hi);
  return x;
}

/// Adds `target` and the integer options `keys` to a sim kind.
actor_kind sim_kind(const char* name, const char* summary, const char* target,
                    std::initializer_list<std::pair<const char*, const char*>> keys) {
  actor_kind kind;
  kind.name = name;
  kind.summary = summary;
  caf::config_option_adder adder{kind.options, "options"};
  adder.add<std::string>("target", std::string{"host:port the datagrams go to (default "} + target + ")");
  for (auto& [key, help] : keys)
    adder.add<int64_t>(key, help);
  return kind;
}

using source_factory = std::function<std::variant<std::shared_ptr<sim::stream_source>, std::string>(
  const child_spec& spec)>;

spawn_fn spawn_with(std::string default_target, source_factory make) {
  return [default_target, make](caf::actor_system& sys, const child_spec& spec,
                                const std::shared_ptr<const node_context>&) -> caf::expected<caf::actor> {
    auto source = make(spec);
    if (auto err = std::get_if<std::string>(&source))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto target = caf::get_or(spec.options, "target", default_target);
    return spawn_simulator(sys, spec, target, std::get<0>(source));
  };
}

} // namespace

actor_kind sim_mocopi_kind() {
  auto kind = sim_kind("sim-mocopi", "the simulated dancer as mocopi UDP", "127.0.0.1:12351",
                       {{"fps", "frames per second (default 50)"}});
  kind.spawn = spawn_with("127.0.0.1:12351", [](const child_spec& spec)
                            -> std::variant<std::shared_ptr<sim::stream_source>, std::string> {
    auto fps = bounded(spec, "fps", 50, 1, 1000);
    if (auto err = std::get_if<std::string>(&fps))
      return *err;
    return std::make_shared<sim::mocopi_source>(static_cast<unsigned>(std::get<int64_t>(fps)));
  });
  return kind;
}

actor_kind sim_depth_kind() {
  auto kind = sim_kind("sim-depth", "simulated depth frames as LUMD", "127.0.0.1:9700",
                       {{"fps", "frames per second (default 30)"},
                        {"width", "pixels (default 640)"},
                        {"height", "pixels (default 576)"}});
  kind.spawn = spawn_with("127.0.0.1:9700", [](const child_spec& spec)
                            -> std::variant<std::shared_ptr<sim::stream_source>, std::string> {
    auto fps = bounded(spec, "fps", 30, 1, 120);
    auto width = bounded(spec, "width", 640, 16, 1280);
    auto height = bounded(spec, "height", 576, 16, 1024);
    for (auto* x : {&fps, &width, &height})
      if (auto err = std::get_if<std::string>(x))
        return *err;
    sim::depth_scene_config scene;
    scene.width = static_cast<std::uint16_t>(std::get<int64_t>(width));
    scene.height = static_cast<std::uint16_t>(std::get<int64_t>(height));
    scene.fx_px = scene.fy_px = 504.f * static_cast<float>(scene.width) / 640.f;
    scene.cx_px = static_cast<float>(scene.width) / 2;
    scene.cy_px = static_cast<float>(scene.height) / 2;
    return std::make_shared<sim::depth_source>(static_cast<unsigned>(std::get<int64_t>(fps)), scene);
  });
  return kind;
}

actor_kind sim_audio_kind() {
  auto kind = sim_kind("sim-audio", "the simulated UMA-8 sound field as LUMF", "127.0.0.1:9701",
                       {{"rate", "sample rate, Hz (default 48000)"},
                        {"channels", "channels (default 8)"},
                        {"block", "frames per block (default 512)"}});
  kind.spawn = spawn_with("127.0.0.1:9701", [](const child_spec& spec)
                            -> std::variant<std::shared_ptr<sim::stream_source>, std::string> {
    auto rate = bounded(spec, "rate", 48000, 8000, 96000);
    auto channels = bounded(spec, "channels", 8, 1, 32);
    auto block = bounded(spec, "block", 512, 16, 8192);
    for (auto* x : {&rate, &channels, &block})
      if (auto err = std::get_if<std::string>(x))
        return *err;
    sim::audio_scene_config scene;
    scene.sample_rate_hz = static_cast<std::uint32_t>(std::get<int64_t>(rate));
    scene.channels = static_cast<std::uint16_t>(std::get<int64_t>(channels));
    return std::make_shared<sim::audio_source>(scene,
                                               static_cast<std::uint16_t>(std::get<int64_t>(block)));
  });
  return kind;
}

actor_kind sim_phone_kind() {
  auto kind = sim_kind("sim-phone", "the simulated phone as OSC", "127.0.0.1:9703",
                       {{"rate", "samples per second (default 100)"}});
  kind.spawn = spawn_with("127.0.0.1:9703", [](const child_spec& spec)
                            -> std::variant<std::shared_ptr<sim::stream_source>, std::string> {
    auto rate = bounded(spec, "rate", 100, 1, 1000);
    if (auto err = std::get_if<std::string>(&rate))
      return *err;
    return std::make_shared<sim::phone_source>(static_cast<unsigned>(std::get<int64_t>(rate)));
  });
  return kind;
}

} // namespace lume

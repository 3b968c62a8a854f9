#include <filesystem>

#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>

#include "actors/sensing/config_any.hpp"
#include "actors/session/session.hpp"
#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

std::variant<session_config, std::string> read_session_config(const child_spec& spec,
                                                              const node_context& ctx) {
  session_config config;
  auto songs = spec.options.find("songs");
  if (songs == spec.options.end())
    return std::string{"option 'songs': the session needs a setlist"};
  auto folder = ctx.config.file.empty()
                  ? std::filesystem::current_path()
                  : std::filesystem::absolute(ctx.config.file).parent_path();
  auto read = read_setlist(songs->second, folder.string());
  if (auto err = std::get_if<std::string>(&read))
    return "option 'songs': " + *err;
  config.songs = std::move(std::get<setlist>(read));
  config.subscribers = caf::get_or(spec.options, "subscribers", std::vector<std::string>{});
  auto quantize = caf::get_or(spec.options, "quantize", std::string{"bar"});
  if (quantize != "bar" && quantize != "phrase")
    return "option 'quantize': '" + quantize + "' is neither \"bar\" nor \"phrase\"";
  config.on_phrase = quantize == "phrase";
  auto phrase_bars = caf::get_or(spec.options, "phrase-bars", int64_t{4});
  if (phrase_bars < 1 || phrase_bars > 64)
    return "option 'phrase-bars': " + std::to_string(phrase_bars) + " is outside 1..64";
  config.phrase_bars = static_cast<int>(phrase_bars);
  auto lead = caf::get_or(spec.options, "lead", caf::timespan{config.lead});
  if (lead < caf::timespan::zero() || lead > std::chrono::seconds{10})
    return std::string{"option 'lead': must be within 0..10s"};
  config.lead = std::chrono::duration_cast<micros>(lead);
  config.autostart = caf::get_or(spec.options, "autostart", false);
  config.record_folder = caf::get_or(spec.options, "record-folder", std::string{});
  config.record_sensors
    = caf::get_or(spec.options, "record-sensors", std::vector<std::string>{});
  if (!config.record_sensors.empty() && config.record_folder.empty())
    return std::string{"option 'record-folder': needed with 'record-sensors'"};
  return config;
}

} // namespace

actor_kind session_kind() {
  actor_kind kind;
  kind.name = "session";
  kind.summary = "plays a setlist on the beat: songs, sections, tempo, recording";
  caf::config_option_adder{kind.options, "options"}
    .add<caf::config_value>("songs", "[{ name, tempo, scenes, sections = [{ name, scene, "
                                     "code | file }] }]: the setlist")
    .add<std::vector<std::string>>("subscribers", "names that receive session_state")
    .add<std::string>("quantize", "song and section changes land on the next \"bar\" "
                                  "(default) or \"phrase\"")
    .add<int64_t>("phrase-bars", "bars per phrase of a song (default 4)")
    .add<caf::timespan>("lead", "decide a change at least this long before it lands "
                                "(default 200ms)")
    .add<bool>("autostart", "play the first song at once (default false)")
    .add<std::string>("record-folder", "recordings go to FOLDER/SONG-TAKE/SENSOR.lumerec")
    .add<std::vector<std::string>>("record-sensors", "sensors that record while on");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto config = read_session_config(spec, *ctx);
    if (auto err = std::get_if<std::string>(&config))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto checkpoints = checkpointer::of(spec, *ctx);
    uint64_t epoch = checkpoints->epoch();
    if (!spec.movable) {
      auto entry = ctx->names->find(spec.name);
      epoch = entry ? entry->proxy->incarnations() + 1 : 1;
    }
    return caf::actor_cast<caf::actor>(sys.spawn(session, ctx,
                                                 std::move(std::get<session_config>(config)),
                                                 std::move(checkpoints), epoch));
  };
  return kind;
}

} // namespace lume

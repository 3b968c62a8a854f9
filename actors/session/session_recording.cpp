#include "actors/session/session_recording.hpp"

#include <filesystem>

#include <boost/json.hpp>
#include <caf/stateful_actor.hpp>

#include "system/clock/host_clock.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

/// A song name as a folder name: letters, digits, '-', '_' and '.'; the
/// rest become '_'.
std::string folder_name(const std::string& song) {
  std::string result;
  for (char c : song)
    result += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
                ? c
                : '_';
  return result;
}

/// Asks sensor `name` to write `file` ("" stops it).
void tell_sensor(session_self self, const std::string& name, const std::string& file) {
  auto& st = self->state;
  auto handle = st.ctx->names->lookup(name);
  if (!handle) {
    ++st.recording_errors;
    st.last_recording_error = "no sensor named '" + name + "'";
    st.recording_files[name] = "";
    return;
  }
  self->request(handle, std::chrono::seconds{2}, session_command{"record", file, host_now().count()})
    .then(
      [self, name](const std::string& written) { self->state.recording_files[name] = written; },
      [self, name](caf::error& err) {
        auto& st = self->state;
        ++st.recording_errors;
        st.last_recording_error = name + ": " + self->system().render(err);
        st.recording_files[name] = "";
        st.log->warn("session cannot record sensor {}: {}", name, st.last_recording_error);
      });
}

} // namespace

void send_take(session_self self) {
  auto& st = self->state;
  const auto& song = st.config.songs.songs.at(static_cast<size_t>(st.progress.now.song));
  auto folder = std::filesystem::path{st.config.record_folder}
                / (folder_name(song.name) + "-" + std::to_string(st.progress.take));
  for (auto& sensor : st.config.record_sensors)
    tell_sensor(self, sensor, (folder / (sensor + ".lumerec")).string());
}

void start_take(session_self self) {
  ++self->state.progress.take;
  send_take(self);
  self->state.checkpoints->changed();
}

std::optional<std::string> set_recording(session_self self, const std::string& argument) {
  auto& st = self->state;
  if (argument == "on") {
    if (st.config.record_folder.empty() || st.config.record_sensors.empty())
      return std::string{"'record': the session has no 'record-folder' and 'record-sensors'"};
    if (st.progress.recording)
      return std::nullopt;
    st.progress.recording = true;
    start_take(self);
    return std::nullopt;
  }
  if (argument == "off") {
    if (!st.progress.recording)
      return std::nullopt;
    st.progress.recording = false;
    for (auto& sensor : st.config.record_sensors)
      tell_sensor(self, sensor, "");
    st.checkpoints->changed();
    return std::nullopt;
  }
  return "'record' takes on or off, not '" + argument + "'";
}

boost::json::object recording_json(const session_actor_state& st) {
  boost::json::object files;
  for (auto& [sensor, file] : st.recording_files)
    files[sensor] = file;
  return {{"on", st.progress.recording},
          {"folder", st.config.record_folder},
          {"take", st.progress.take},
          {"sensors", boost::json::value_from(st.config.record_sensors)},
          {"files", std::move(files)},
          {"errors", st.recording_errors},
          {"last_error", st.last_recording_error}};
}

} // namespace lume

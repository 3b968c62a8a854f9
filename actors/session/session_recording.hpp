#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "actors/session/session.hpp"

/// The session's recording: while on, every sensor of `record-sensors`
/// writes its raw datagrams to FOLDER/SONG-TAKE/SENSOR.lumerec on its own
/// node (LUMEREC1, so `lume-sim replay` reproduces the rehearsal), a new
/// take (file set) for each song.
namespace lume {

/// `record on` (a new take of the current song) or `record off`; an error
/// text for another argument or a session without `record-folder`.
std::optional<std::string> set_recording(session_self self, const std::string& argument);

/// A new take of the current song: tells every sensor its new file.
void start_take(session_self self);

/// Tells every sensor the file of the current take (again, after a
/// failover: a sensor already writing it goes on).
void send_take(session_self self);

/// `{"on", "folder", "take", "files": {SENSOR: FILE}, "errors", "last_error"}`.
boost::json::object recording_json(const session_actor_state& st);

} // namespace lume

#include "actors/session/session_plan.hpp"

namespace lume {

namespace {

planned_change unchanged(const session_position& from) {
  planned_change result;
  result.to = from;
  result.unchanged = true;
  return result;
}

planned_change to_song(const session_position& from, int song) {
  planned_change result;
  result.to = from;
  result.to.song = song;
  result.to.section = 0;
  result.restart_bars = true;
  result.on_phrase_grid = true;
  return result;
}

} // namespace

std::string song_names(const setlist& songs) {
  std::string result;
  for (auto& x : songs.songs)
    result += (result.empty() ? "" : ", ") + x.name;
  return result;
}

std::string section_names(const setlist_song& song) {
  std::string result;
  for (auto& x : song.sections)
    result += (result.empty() ? "" : ", ") + x.name;
  return result;
}

std::variant<planned_change, std::string> plan_command(const setlist& songs,
                                                       const session_position& from,
                                                       const session_command& cmd) {
  const auto& song = songs.songs.at(static_cast<size_t>(from.song));
  const auto& c = cmd.command;
  const bool takes_argument = c == "goto" || c == "section";
  if (takes_argument && cmd.argument.empty())
    return "'" + c + "' needs an argument (" + (c == "goto" ? "SONG" : "SECTION") + ")";
  if (!takes_argument && !cmd.argument.empty())
    return "'" + c + "' takes no argument";
  if (c == "start") {
    if (from.state == "playing")
      return unchanged(from);
    planned_change result;
    result.to = from;
    result.to.state = "playing";
    result.restart_bars = from.state == "stopped";
    return result;
  }
  if (c == "stop") {
    if (from.state == "stopped" && from.section == 0)
      return unchanged(from);
    planned_change result;
    result.to = from;
    result.to.state = "stopped";
    result.to.section = 0;
    result.restart_bars = true;
    return result;
  }
  if (c == "pause") {
    if (from.state == "stopped")
      return std::string{"'pause': the session is stopped"};
    if (from.state == "paused")
      return unchanged(from);
    planned_change result;
    result.to = from;
    result.to.state = "paused";
    return result;
  }
  if (c == "next") {
    if (static_cast<size_t>(from.song) + 1 >= songs.songs.size())
      return "'next': '" + song.name + "' is the last song";
    return to_song(from, from.song + 1);
  }
  if (c == "prev") {
    if (from.song == 0)
      return "'prev': '" + song.name + "' is the first song";
    return to_song(from, from.song - 1);
  }
  if (c == "goto") {
    auto i = songs.song_index(cmd.argument);
    if (i < 0)
      return "'goto': no song '" + cmd.argument + "' (" + song_names(songs) + ", or 1.."
             + std::to_string(songs.songs.size()) + ")";
    if (i == from.song && from.section == 0)
      return unchanged(from);
    return to_song(from, i);
  }
  if (c == "section") {
    auto i = song.section_index(cmd.argument);
    if (i < 0)
      return "'section': song '" + song.name + "' has no section '" + cmd.argument + "' ("
             + section_names(song) + ")";
    if (i == from.section)
      return unchanged(from);
    planned_change result;
    result.to = from;
    result.to.section = i;
    result.on_phrase_grid = true;
    return result;
  }
  return "unknown session command '" + c
         + "' (start, stop, pause, next, prev, goto SONG, section NAME, record on|off)";
}

} // namespace lume

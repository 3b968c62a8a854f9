#pragma once

#include <string>
#include <variant>

#include "actors/session/session_progress.hpp"
#include "actors/session/setlist.hpp"
#include "system/messages/show.hpp"

namespace lume {

/// Where a command takes the session, decided from `from` (the position
/// the session is heading to: a decided change, else the current one).
struct planned_change {
  session_position to;
  /// The song's bar count starts again (a new song, a stop, a start from stopped).
  bool restart_bars = false;
  /// Song and section changes land on the session's grid (bar or phrase);
  /// start, stop and pause on the next bar.
  bool on_phrase_grid = false;
  /// The command asks for where the session already is (or heads to).
  bool unchanged = false;
};

/// Plans `start`, `stop`, `pause`, `next`, `prev`, `goto SONG` (name or
/// 1-based number) and `section NAME`; an error text naming what is wrong
/// (an unknown song or section, `next` after the last song, ...).
std::variant<planned_change, std::string> plan_command(const setlist& songs,
                                                       const session_position& from,
                                                       const session_command& cmd);

/// The names of the setlist's songs, or of one song's sections: "a, b, c".
std::string song_names(const setlist& songs);
std::string section_names(const setlist_song& song);

} // namespace lume

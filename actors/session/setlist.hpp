#pragma once

#include <string>
#include <variant>
#include <vector>

#include <caf/config_value.hpp>

namespace lume {

/// One section of a song: what Strudel plays and which scene the visuals show.
struct setlist_section {
  std::string name;
  /// Visual scene of the section; empty: the song's first scene.
  std::string scene;
  /// Strudel pattern code, read from `file` at spawn when given as a file.
  std::string code;
};

/// One song of the setlist.
struct setlist_song {
  std::string name;
  double tempo = 120;
  std::vector<std::string> scenes;
  std::vector<setlist_section> sections;

  /// Index of the section named `name`, or -1.
  int section_index(const std::string& name) const;
};

/// The performance, in order.
struct setlist {
  std::vector<setlist_song> songs;

  /// Index of a song by name or by 1-based number ("2"), or -1.
  int song_index(const std::string& name_or_number) const;
};

/// Reads the `songs` option, a list of
/// `{ name = "...", tempo = 120.0, scenes = ["..."], sections = [
///     { name = "intro", scene = "...", code = "..." | file = "PATH" }, ... ] }`.
/// `file` is read relative to `folder` (the config file's folder) unless it
/// is absolute. An error names the song, section and key that is wrong.
std::variant<setlist, std::string> read_setlist(const caf::config_value& songs,
                                                const std::string& folder);

} // namespace lume

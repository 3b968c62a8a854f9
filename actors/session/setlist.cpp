#include "actors/session/setlist.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>

#include <caf/settings.hpp>

namespace lume {

namespace {

/// Link's tempo range, BPM.
constexpr double min_tempo = 20;
constexpr double max_tempo = 999;

/// A string with a key's value; the error text otherwise.
std::optional<std::string> string_at(const caf::settings& entry, const char* key,
                                     std::string& out) {
  auto i = entry.find(key);
  if (i == entry.end())
    return std::nullopt;
  auto text = caf::get_if<std::string>(&i->second);
  if (text == nullptr)
    return std::string{"key '"} + key + "': expected a string";
  out = *text;
  return std::nullopt;
}

std::optional<std::string> check_keys(const caf::settings& entry,
                                      std::initializer_list<const char*> keys) {
  for (auto& [key, ignored] : entry)
    if (std::none_of(keys.begin(), keys.end(), [&](const char* x) { return key == x; })) {
      std::string known;
      for (auto x : keys)
        known += known.empty() ? x : std::string{", "} + x;
      return "unknown key '" + key + "' (" + known + ")";
    }
  return std::nullopt;
}

std::variant<std::string, std::string> read_file(const std::string& path,
                                                 const std::string& folder) {
  std::filesystem::path file{path};
  if (file.is_relative())
    file = std::filesystem::path{folder} / file;
  std::ifstream in{file, std::ios::binary};
  if (!in)
    return std::variant<std::string, std::string>{std::in_place_index<1>,
                                                  "cannot read '" + file.string() + "'"};
  std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  return std::variant<std::string, std::string>{std::in_place_index<0>, std::move(text)};
}

std::variant<setlist_section, std::string> read_section(const caf::config_value& value,
                                                        const std::string& folder) {
  auto entry = caf::get_if<caf::settings>(&value);
  if (entry == nullptr)
    return std::string{"expected { name = ..., code = ... | file = ... }"};
  if (auto err = check_keys(*entry, {"name", "scene", "code", "file"}))
    return *err;
  setlist_section section;
  std::string file;
  for (auto err : {string_at(*entry, "name", section.name),
                   string_at(*entry, "scene", section.scene),
                   string_at(*entry, "code", section.code), string_at(*entry, "file", file)})
    if (err)
      return *err;
  if (section.name.empty())
    return std::string{"key 'name': every section has a name"};
  if (!file.empty() && entry->contains("code"))
    return std::string{"keys 'code' and 'file': give one of them"};
  if (!file.empty()) {
    auto text = read_file(file, folder);
    if (text.index() == 1)
      return "key 'file': " + std::get<1>(text);
    section.code = std::move(std::get<0>(text));
  }
  if (section.code.find_first_not_of(" \t\r\n") == std::string::npos)
    return std::string{"key 'code' or 'file': the section has no Strudel code"};
  return section;
}

std::variant<setlist_song, std::string> read_song(const caf::config_value& value,
                                                  const std::string& folder) {
  auto entry = caf::get_if<caf::settings>(&value);
  if (entry == nullptr)
    return std::string{"expected { name = ..., tempo = ..., scenes = [...], sections = [...] }"};
  if (auto err = check_keys(*entry, {"name", "tempo", "scenes", "sections"}))
    return *err;
  setlist_song song;
  if (auto err = string_at(*entry, "name", song.name))
    return *err;
  if (song.name.empty())
    return std::string{"key 'name': every song has a name"};
  if (auto tempo = caf::get_if<double>(entry, "tempo"))
    song.tempo = *tempo;
  else if (auto whole = caf::get_if<int64_t>(entry, "tempo"))
    song.tempo = static_cast<double>(*whole);
  else if (entry->contains("tempo"))
    return std::string{"key 'tempo': expected a number (BPM)"};
  if (!std::isfinite(song.tempo) || song.tempo < min_tempo || song.tempo > max_tempo)
    return "key 'tempo': " + std::to_string(song.tempo) + " BPM is outside 20..999";
  if (entry->contains("scenes")) {
    auto scenes = caf::get_if<std::vector<std::string>>(entry, "scenes");
    if (!scenes)
      return std::string{"key 'scenes': expected a list of names"};
    song.scenes = *scenes;
  }
  auto sections = caf::get_if<caf::config_value::list>(entry, "sections");
  if (!sections || sections->empty())
    return std::string{"key 'sections': expected a list of at least one { name = ..., code = ... }"};
  for (size_t i = 0; i < sections->size(); ++i) {
    auto section = read_section((*sections)[i], folder);
    if (auto err = std::get_if<std::string>(&section))
      return "sections[" + std::to_string(i) + "]: " + *err;
    auto& x = std::get<setlist_section>(section);
    if (song.section_index(x.name) >= 0)
      return "sections[" + std::to_string(i) + "]: section '" + x.name + "' twice";
    if (!x.scene.empty() && !song.scenes.empty()
        && std::find(song.scenes.begin(), song.scenes.end(), x.scene) == song.scenes.end())
      return "sections[" + std::to_string(i) + "]: key 'scene': '" + x.scene
             + "' is not in the song's scenes";
    if (x.scene.empty() && !song.scenes.empty())
      x.scene = song.scenes.front();
    song.sections.push_back(std::move(x));
  }
  return song;
}

} // namespace

int setlist_song::section_index(const std::string& name) const {
  for (size_t i = 0; i < sections.size(); ++i)
    if (sections[i].name == name)
      return static_cast<int>(i);
  return -1;
}

int setlist::song_index(const std::string& name_or_number) const {
  for (size_t i = 0; i < songs.size(); ++i)
    if (songs[i].name == name_or_number)
      return static_cast<int>(i);
  if (!name_or_number.empty()
      && name_or_number.find_first_not_of("0123456789") == std::string::npos
      && name_or_number.size() < 6) {
    auto n = std::stoi(name_or_number);
    if (n >= 1 && static_cast<size_t>(n) <= songs.size())
      return n - 1;
  }
  return -1;
}

std::variant<setlist, std::string> read_setlist(const caf::config_value& songs,
                                                const std::string& folder) {
  auto list = caf::get_if<caf::config_value::list>(&songs);
  if (list == nullptr || list->empty())
    return std::string{"expected a list of at least one song { name = ..., sections = [...] }"};
  setlist result;
  std::set<std::string> names;
  for (size_t i = 0; i < list->size(); ++i) {
    auto song = read_song((*list)[i], folder);
    if (auto err = std::get_if<std::string>(&song))
      return "songs[" + std::to_string(i) + "]: " + *err;
    auto& x = std::get<setlist_song>(song);
    if (!names.insert(x.name).second)
      return "songs[" + std::to_string(i) + "]: song '" + x.name + "' twice";
    result.songs.push_back(std::move(x));
  }
  return result;
}

} // namespace lume

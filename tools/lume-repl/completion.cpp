#include "completion.hpp"

#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <editline/readline.h>

namespace lume::repl {

namespace {

/// Commands whose first argument is an actor name.
const std::set<std::string> takes_actor{"inspect", "kill", "restart", "stop", "start",
                                        "send",    "trace", "move"};

std::vector<std::string> names_of(const boost::json::object& answer, const char* field) {
  std::vector<std::string> result;
  if (!answer.at("ok").as_bool())
    return result;
  for (auto& row : answer.at("data").as_array())
    if (auto x = row.as_object().if_contains(field); x && x->is_string())
      result.emplace_back(x->as_string().c_str());
  return result;
}

completion_source* active = nullptr;
std::vector<std::string> matches;

char* next_match(const char* text, int state) {
  static size_t index;
  if (state == 0)
    index = 0;
  auto len = std::strlen(text);
  while (index < matches.size()) {
    auto& candidate = matches[index++];
    if (candidate.compare(0, len, text) == 0)
      return strdup(candidate.c_str());
  }
  return nullptr;
}

char** complete(const char* text, int start, int) {
  std::istringstream in{std::string{rl_line_buffer, static_cast<size_t>(start)}};
  std::vector<std::string> before;
  for (std::string word; in >> word;)
    before.push_back(word);
  try {
    matches = active->candidates(before);
  } catch (const std::exception&) {
    matches.clear(); // the node is away: complete nothing rather than fail
  }
  rl_attempted_completion_over = 1; // never fall back to file names
  return rl_completion_matches(text, next_match);
}

} // namespace

void completion_source::refresh() {
  auto now = std::chrono::steady_clock::now();
  if (now - read_at_ < std::chrono::seconds{2} && !commands_.empty())
    return;
  commands_ = names_of(client_.ask("help"), "name");
  commands_.push_back("watch");
  commands_.push_back("quit");
  actors_ = names_of(client_.ask("actors"), "name");
  nodes_ = names_of(client_.ask("nodes"), "name");
  read_at_ = now;
}

std::vector<std::string> completion_source::candidates(const std::vector<std::string>& before) {
  refresh();
  if (before.empty())
    return commands_;
  auto& command = before[0];
  if (command == "watch" && before.size() == 1)
    return commands_;
  if (command == "watch")
    return candidates({before.begin() + 1, before.end()});
  if (command == "help" && before.size() == 1)
    return commands_;
  if (takes_actor.count(command) && before.size() == 1)
    return actors_;
  if (command == "move" && before.size() == 2)
    return nodes_;
  return {};
}

void install_completion(completion_source& source) {
  active = &source;
  rl_attempted_completion_function = complete;
}

} // namespace lume::repl

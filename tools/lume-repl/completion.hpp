#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "inspection_client.hpp"

namespace lume::repl {

/// What tab completes, taken from the live mesh: command words (`help`),
/// actor names (`actors`) and node names (`nodes`), re-read when older
/// than two seconds.
class completion_source {
public:
  explicit completion_source(inspection_client& client) : client_(client) {}

  /// The candidates for the word being typed, given the words before it.
  std::vector<std::string> candidates(const std::vector<std::string>& before);

private:
  void refresh();

  inspection_client& client_;
  std::chrono::steady_clock::time_point read_at_{};
  std::vector<std::string> commands_;
  std::vector<std::string> actors_;
  std::vector<std::string> nodes_;
};

/// Installs tab completion from `source` into libedit's readline.
void install_completion(completion_source& source);

} // namespace lume::repl

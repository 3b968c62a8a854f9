#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "system/inspect/inspector.hpp"

/// What the mesh-wide commands (`actors`, `stats`) share: ask this node's
/// actors, then every peer's inspector, and gather the answers' rows.
namespace lume::commands {

/// How long an actor or a peer may take to answer.
constexpr auto inspect_timeout = std::chrono::milliseconds{250};

/// Calls `then` once `pending` answers have come (or failed).
struct countdown {
  size_t pending = 1;
  std::function<void()> then;

  void done_one() {
    if (--pending == 0)
      then();
  }
};

/// The rows of a mesh-wide listing: this node's, then the peers'.
struct row_listing {
  boost::json::array rows;
};

/// Parses an actor's own JSON state; a non-JSON answer is kept as a string.
boost::json::value parse_state(const std::string& text);

/// Whether `entry` is listed by this node: a name it serves (pinned here or
/// hosted here) or one it cannot resolve; names served elsewhere are listed
/// by their node.
bool listed_here(const node_context& ctx, const name_entry& entry);

/// Runs `command` (a `--local` form) on every peer that is up and appends
/// the rows of each answer's `data` array, then calls `done`.
void add_peer_rows(inspector_self self, const std::string& command,
                   std::shared_ptr<row_listing> listing, std::function<void()> done);

} // namespace lume::commands

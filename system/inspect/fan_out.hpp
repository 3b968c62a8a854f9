#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

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

/// A mesh-wide listing under way (`actors`, `stats`): add this node's rows
/// to `listing`, one `local->pending` per answer still to come, then call
/// `local->done_one()` once; the peers' `NAME --local` rows follow (unless
/// the command was given `--local`) and `promise` gets `render(rows)`.
struct mesh_listing {
  std::shared_ptr<row_listing> listing;
  std::shared_ptr<countdown> local;
  caf::typed_response_promise<std::string> promise;
};

mesh_listing start_mesh_listing(inspector_self self, const std::vector<std::string>& xs,
                                const std::string& name,
                                std::string (*render)(const boost::json::array&));

/// Runs `command` (a `--local` form) on every peer that is up and appends
/// the rows of each answer's `data` array, then calls `done`.
void add_peer_rows(inspector_self self, const std::string& command,
                   std::shared_ptr<row_listing> listing, std::function<void()> done);

} // namespace lume::commands

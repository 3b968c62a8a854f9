#include <chrono>
#include <functional>
#include <sstream>

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>

#include "system/inspect/commands.hpp"
#include "system/mesh/mesh_actor.hpp"
#include "system/inspect/response.hpp"

namespace lume::commands {

namespace {

constexpr auto inspect_timeout = std::chrono::milliseconds{250};

/// Parses an actor's own JSON state; a non-JSON answer is kept as a string.
boost::json::value parse_state(const std::string& text) {
  boost::system::error_code err;
  auto result = boost::json::parse(text, err);
  return err ? boost::json::value{text} : result;
}

std::string cell(const boost::json::value& x) {
  if (x.is_string())
    return std::string{x.as_string()};
  return x.is_null() ? "-" : boost::json::serialize(x);
}

std::string render_table(const boost::json::array& rows) {
  static const char* columns[]
    = {"name", "kind", "node", "supervisor", "status", "restarts", "mailbox", "received"};
  std::vector<size_t> widths;
  for (auto c : columns)
    widths.push_back(std::string{c}.size());
  for (auto& row : rows)
    for (size_t i = 0; i < widths.size(); ++i)
      widths[i] = std::max(widths[i], cell(row.as_object().at(columns[i])).size());
  std::ostringstream out;
  auto line = [&](auto get) {
    for (size_t i = 0; i < widths.size(); ++i) {
      auto text = get(i);
      out << text << std::string(widths[i] - text.size() + 2, ' ');
    }
    out << '\n';
  };
  line([&](size_t i) { return std::string{columns[i]}; });
  for (auto& row : rows)
    line([&](size_t i) { return cell(row.as_object().at(columns[i])); });
  return out.str();
}

/// Calls `then` once `pending` answers have come (or failed).
struct countdown {
  size_t pending = 1;
  std::function<void()> then;

  void done_one() {
    if (--pending == 0)
      then();
  }
};

/// The rows of `actors`: this node's, then (mesh-wide) the peers'.
struct actors_listing {
  boost::json::array rows;
};

/// Whether `entry` is listed by this node: a name it serves (pinned here or
/// hosted here) or one it cannot resolve; names served elsewhere are listed
/// by their node.
bool listed_here(const node_context& ctx, const name_entry& entry) {
  if (entry.kind == "remote" || !entry.proxy->remote_node().empty())
    return false;
  for (auto& spec : ctx.config.actors)
    if (spec.name == entry.name && spec.movable)
      return static_cast<bool>(entry.proxy->current());
  return true;
}

/// Appends the rows of every peer's `actors --local`, then calls `done`.
void add_peer_rows(inspector_self self, std::shared_ptr<actors_listing> listing,
                   std::function<void()> done) {
  auto mesh = caf::actor_cast<mesh_actor>(self->state.ctx->mesh);
  self->request(mesh, inspect_timeout, atom::inspect_v)
    .then(
      [self, listing, done](const std::vector<name_binding>& peers) {
        auto answers = std::make_shared<countdown>();
        answers->pending = peers.size() + 1;
        answers->then = done;
        for (auto& peer : peers)
          self->request(peer.handle, inspect_timeout * 2, atom::command_v,
                        std::string{"actors --local"})
            .then(
              [listing, answers](const std::string& answer) {
                auto parsed = parse_state(answer);
                if (auto obj = parsed.if_object(); obj && obj->contains("data"))
                  if (auto rows = obj->at("data").if_array())
                    for (auto& row : *rows)
                      listing->rows.push_back(row);
                answers->done_one();
              },
              [answers](caf::error&) { answers->done_one(); });
        answers->done_one();
      },
      [done](caf::error&) { done(); });
}

boost::json::object tree_of(const node_context& ctx, const child_spec& spec) {
  auto entry = ctx.names->find(spec.name);
  boost::json::object node{{"name", spec.name}, {"kind", spec.kind},
                           {"restart", to_string(spec.restart)}};
  node["status"] = entry ? to_string(entry->proxy->status()) : "stopped";
  node["restarts"] = entry ? entry->proxy->restarts() : 0;
  if (spec.is_supervisor()) {
    node["strategy"] = to_string(spec.flags.strategy);
    boost::json::array children;
    for (auto& child : ctx.children_of(spec.name))
      children.push_back(tree_of(ctx, child));
    node["children"] = std::move(children);
  }
  return node;
}

void render_tree(const boost::json::object& node, int depth, std::ostringstream& out) {
  out << std::string(depth * 2, ' ') << cell(node.at("name")) << " ["
      << cell(node.at("kind"));
  if (node.contains("strategy"))
    out << ", " << cell(node.at("strategy"));
  out << "] " << cell(node.at("status")) << ", restarts " << cell(node.at("restarts"))
      << '\n';
  if (node.contains("children"))
    for (auto& child : node.at("children").as_array())
      render_tree(child.as_object(), depth + 1, out);
}

} // namespace

const name_entry* find_name(inspector_self self, const args& xs, std::string& error) {
  if (xs.empty()) {
    error = "expected an actor name";
    return nullptr;
  }
  auto entry = self->state.ctx->names->find(xs[0]);
  if (entry == nullptr)
    error = "no actor named '" + xs[0] + "'";
  return entry;
}

caf::result<std::string> help(inspector_self, const args&) {
  return ok_response(
    "help                 this list\n"
    "nodes                every node of the mesh: name address state heartbeat-age actors\n"
    "actors               every actor of the mesh: name kind node supervisor status restarts mailbox received\n"
    "inspect NAME         the actor's state as JSON\n"
    "tree                 the supervision tree\n"
    "move NAME NODE       move a movable actor (with its state) to NODE\n"
    "kill NAME            crash the actor; its supervisor restarts it per strategy\n"
    "send NAME JSON       send a message, e.g. send mapper {\"type\":\"music_params\",\"values\":{\"energy\":0.5}}\n"
    "trace NAME N [SECS]  print the next N messages sent to NAME (waits at most SECS, default 10)\n"
    "clock                the beat clock: tempo, beat, bar, phase, quantum, Link peers, transport\n"
    "tempo BPM            set the tempo of the whole Link session (20 to 999)\n"
    "latency [--json]     latency per hop (count, p50, p99, max in µs); 'latency reset' clears\n"
    "calibrate [SECS] [NAME]  record the performer SECS (default the mapper's calibration-time) and set the mapper's input ranges\n"
    "quit                 leave the REPL\n"
    "Add --json (lume-repl) for machine-readable output.");
}

caf::result<std::string> actors(inspector_self self, const args& xs) {
  auto& ctx = *self->state.ctx;
  bool local_only = !xs.empty() && xs[0] == "--local";
  auto listing = std::make_shared<actors_listing>();
  auto promise = self->make_response_promise<std::string>();
  auto finish = [listing, promise]() mutable {
    promise.deliver(ok_response(render_table(listing->rows), listing->rows));
  };
  auto local = std::make_shared<countdown>();
  local->then = [self, listing, local_only, finish]() mutable {
    if (local_only || !self->state.ctx->mesh)
      finish();
    else
      add_peer_rows(self, listing, finish);
  };
  for (auto& entry : ctx.names->entries()) {
    if (!listed_here(ctx, entry))
      continue;
    auto row = listing->rows.size();
    listing->rows.push_back(boost::json::object{
      {"name", entry.name},
      {"kind", entry.kind},
      {"node", ctx.config.node},
      {"supervisor", entry.supervisor},
      {"status", to_string(entry.proxy->status())},
      {"restarts", entry.proxy->restarts()},
      {"mailbox", nullptr},
      {"received", entry.proxy->delivered()}});
    auto current = entry.proxy->current();
    if (!current)
      continue;
    local->pending += 1;
    self->request(current, inspect_timeout, atom::inspect_v)
      .then(
        [listing, local, row](const std::string& state) {
          auto parsed = parse_state(state);
          if (auto obj = parsed.if_object(); obj && obj->contains("mailbox"))
            listing->rows[row].as_object()["mailbox"] = obj->at("mailbox");
          local->done_one();
        },
        [local](caf::error&) { local->done_one(); });
  }
  local->done_one();
  return promise;
}

caf::result<std::string> inspect(inspector_self self, const args& xs) {
  std::string error;
  auto entry = find_name(self, xs, error);
  if (entry == nullptr)
    return error_response(error);
  if (auto node = entry->proxy->remote_node(); !node.empty())
    return forward_to(self, node, "inspect " + entry->name);
  auto current = entry->proxy->current();
  if (!current)
    return error_response(entry->name + " is " + to_string(entry->proxy->status()));
  auto promise = self->make_response_promise<std::string>();
  auto name = entry->name;
  self->request(current, inspect_timeout, atom::inspect_v)
    .then(
      [promise](const std::string& state) mutable {
        auto parsed = parse_state(state);
        promise.deliver(ok_response(boost::json::serialize(parsed), parsed));
      },
      [promise, name](caf::error& err) mutable {
        promise.deliver(error_response(name + " did not answer: " + caf::to_string(err)));
      });
  return promise;
}

caf::result<std::string> tree(inspector_self self, const args&) {
  auto& ctx = *self->state.ctx;
  auto root = tree_of(ctx, ctx.config.actors.front());
  std::ostringstream text;
  render_tree(root, 0, text);
  return ok_response(text.str(), root);
}

} // namespace lume::commands

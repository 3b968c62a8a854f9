#include <chrono>
#include <functional>
#include <sstream>

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>

#include "system/inspect/command_table.hpp"
#include "system/inspect/commands.hpp"
#include "system/inspect/connection_guard.hpp"
#include "system/inspect/fan_out.hpp"
#include "system/mesh/mesh_actor.hpp"
#include "system/inspect/response.hpp"

namespace lume::commands {

namespace {

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

caf::result<std::string> help(inspector_self, const args& xs) {
  if (!xs.empty()) {
    auto entry = find_command(xs[0]);
    if (entry == nullptr)
      return error_response("no command '" + xs[0] + "' (try help)");
    std::string text = std::string{entry->usage} + "\n  " + entry->summary;
    if (*entry->details != '\0')
      text += std::string{"\n  "} + entry->details;
    return ok_response(text, boost::json::object{{"name", entry->name},
                                                 {"access", to_string(entry->access)},
                                                 {"usage", entry->usage},
                                                 {"summary", entry->summary},
                                                 {"details", entry->details}});
  }
  std::ostringstream text;
  boost::json::array data;
  for (auto& entry : command_table()) {
    std::string usage = entry.usage;
    if (entry.access != command_access::read)
      usage += " *";
    text << usage << std::string(usage.size() < 24 ? 24 - usage.size() : 1, ' ')
         << entry.summary << '\n';
    data.push_back(boost::json::object{{"name", entry.name},
                                       {"access", to_string(entry.access)},
                                       {"usage", entry.usage},
                                       {"summary", entry.summary}});
  }
  text << "auth TOKEN              let this connection change the show (* needs it)\n"
       << "quit                    leave the REPL\n"
       << "Add --json for machine-readable output; `help COMMAND` for one command.";
  return ok_response(text.str(), data);
}

caf::result<std::string> actors(inspector_self self, const args& xs) {
  auto& ctx = *self->state.ctx;
  auto run = start_mesh_listing(self, xs, "actors", render_table);
  auto listing = run.listing;
  auto local = run.local;
  for (auto& entry : ctx.names->entries()) {
    if (!listed_here(ctx, entry))
      continue;
    auto row = listing->rows.size();
    listing->rows.push_back(boost::json::object{
      {"name", entry.name},
      {"kind", entry.kind},
      {"node", ctx.config.node},
      {"supervisor", entry.supervisor},
      // A name this node sends to that no node serves yet has never run.
      {"status", entry.kind == "unresolved" ? "waiting" : to_string(entry.proxy->status())},
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
  return run.promise;
}

caf::result<std::string> inspect(inspector_self self, const args& xs) {
  if (xs.empty() && self->state.server) {
    auto x = self->state.server->to_json();
    return ok_response(boost::json::serialize(x), x);
  }
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

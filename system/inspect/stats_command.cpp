#include <sstream>

#include <boost/json.hpp>

#include "system/inspect/commands.hpp"
#include "system/inspect/connection_guard.hpp"
#include "system/inspect/fan_out.hpp"
#include "system/inspect/response.hpp"

namespace lume::commands {

namespace {

/// One non-zero count: where (node, actor, path in its state), why, how many.
boost::json::object stat_row(const std::string& node, const std::string& actor,
                             const std::string& path, const std::string& reason,
                             const boost::json::value& count) {
  return {{"node", node}, {"actor", actor}, {"where", path.empty() ? "-" : path},
          {"reason", reason}, {"count", count}};
}

bool positive(const boost::json::value& x) {
  return x.is_number() && x.to_number<double>() > 0;
}

/// Walks an actor's inspect answer for the house counters: `refused` or
/// `refused_KIND` (an object of reason → count, or a count explained by
/// `last_refused`) and `dropped` (a count).
void collect(const boost::json::value& x, const std::string& path,
             const std::function<void(const std::string&, const std::string&,
                                      const boost::json::value&)>& emit) {
  if (auto arr = x.if_array()) {
    for (size_t i = 0; i < arr->size(); ++i)
      collect((*arr)[i], path + '[' + std::to_string(i) + ']', emit);
    return;
  }
  auto obj = x.if_object();
  if (obj == nullptr)
    return;
  for (auto& [key, value] : *obj) {
    std::string k{key};
    // `refused` or a kind of refusal (`refused_cues`).
    bool refused = k == "refused" || k.rfind("refused_", 0) == 0;
    if (refused && value.is_object()) {
      for (auto& [reason, count] : value.as_object())
        if (positive(count))
          emit(path, std::string{reason}, count);
    } else if (refused && positive(value)) {
      auto why = obj->if_contains("last_refused");
      emit(path, why && why->is_string() ? k + " (last: " + std::string{why->as_string()} + ")"
                                         : k,
           value);
    } else if (k == "dropped" && positive(value)) {
      emit(path, "dropped", value);
    } else if (value.is_object() || value.is_array()) {
      collect(value, path.empty() ? k : path + '.' + k, emit);
    }
  }
}

std::string render(const boost::json::array& rows) {
  if (rows.empty())
    return "no refused inputs, no drops\n";
  std::ostringstream out;
  for (auto& row : rows) {
    auto& x = row.as_object();
    out << x.at("node").as_string().c_str() << "  " << x.at("actor").as_string().c_str()
        << "  " << x.at("where").as_string().c_str() << "  "
        << x.at("reason").as_string().c_str() << "  " << boost::json::serialize(x.at("count"))
        << '\n';
  }
  return out.str();
}

} // namespace

caf::result<std::string> stats(inspector_self self, const args& xs) {
  auto& ctx = *self->state.ctx;
  auto run = start_mesh_listing(self, xs, "stats", render);
  auto listing = run.listing;
  auto local = run.local;
  auto node = ctx.config.node;
  // The inspection server's own refusals and cut-offs.
  if (auto& server = self->state.server)
    collect(server->to_json(), "", [&](const std::string& path, const std::string& reason,
                                       const boost::json::value& count) {
      listing->rows.push_back(stat_row(node, "inspection", path, reason, count));
    });
  for (auto& entry : ctx.names->entries()) {
    // Every proxy of this node drops on its own queue, whoever serves the name.
    if (auto dropped = entry.proxy->dropped(); dropped > 0)
      listing->rows.push_back(
        stat_row(node, entry.name, "name queue", "dropped", boost::json::value(dropped)));
    if (!listed_here(ctx, entry))
      continue;
    auto current = entry.proxy->current();
    if (!current)
      continue;
    local->pending += 1;
    self->request(current, inspect_timeout, atom::inspect_v)
      .then(
        [listing, local, node, name = entry.name](const std::string& state) {
          collect(parse_state(state), "",
                  [&](const std::string& path, const std::string& reason,
                      const boost::json::value& count) {
                    listing->rows.push_back(stat_row(node, name, path, reason, count));
                  });
          local->done_one();
        },
        [local](caf::error&) { local->done_one(); });
  }
  local->done_one();
  return run.promise;
}

} // namespace lume::commands

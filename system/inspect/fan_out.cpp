#include "system/inspect/fan_out.hpp"

#include <boost/json.hpp>

#include "system/inspect/response.hpp"
#include "system/mesh/mesh_actor.hpp"

namespace lume::commands {

boost::json::value parse_state(const std::string& text) {
  boost::system::error_code err;
  auto result = boost::json::parse(text, err);
  return err ? boost::json::value{text} : result;
}

bool listed_here(const node_context& ctx, const name_entry& entry) {
  if (entry.kind == "remote" || !entry.proxy->remote_node().empty())
    return false;
  for (auto& spec : ctx.config.actors)
    if (spec.name == entry.name && spec.movable)
      return static_cast<bool>(entry.proxy->current());
  return true;
}

mesh_listing start_mesh_listing(inspector_self self, const std::vector<std::string>& xs,
                                const std::string& name,
                                std::string (*render)(const boost::json::array&)) {
  bool local_only = !xs.empty() && xs[0] == "--local";
  mesh_listing result{std::make_shared<row_listing>(), std::make_shared<countdown>(),
                      self->make_response_promise<std::string>()};
  auto finish = [listing = result.listing, promise = result.promise, render]() mutable {
    promise.deliver(ok_response(render(listing->rows), listing->rows));
  };
  result.local->then = [self, listing = result.listing, local_only, name, finish]() mutable {
    if (local_only || !self->state.ctx->mesh)
      finish();
    else
      add_peer_rows(self, name + " --local", listing, finish);
  };
  return result;
}

void add_peer_rows(inspector_self self, const std::string& command,
                   std::shared_ptr<row_listing> listing, std::function<void()> done) {
  auto mesh = caf::actor_cast<mesh_actor>(self->state.ctx->mesh);
  self->request(mesh, inspect_timeout, atom::inspect_v)
    .then(
      [self, command, listing, done](const std::vector<name_binding>& peers) {
        auto answers = std::make_shared<countdown>();
        answers->pending = peers.size() + 1;
        answers->then = done;
        for (auto& peer : peers)
          self->request(peer.handle, inspect_timeout * 2, atom::command_v, command)
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

} // namespace lume::commands

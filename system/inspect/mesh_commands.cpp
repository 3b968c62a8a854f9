#include <chrono>
#include <map>
#include <memory>

#include <boost/json.hpp>

#include "system/inspect/commands.hpp"
#include "system/inspect/fan_out.hpp"
#include "system/inspect/response.hpp"
#include "system/mesh/mesh_actor.hpp"

namespace lume::commands {

namespace {

constexpr auto mesh_timeout = std::chrono::milliseconds{500};

mesh_actor mesh_of(inspector_self self) {
  return caf::actor_cast<mesh_actor>(self->state.ctx->mesh);
}

/// Where an operator reaches this node's inspection service: its own
/// address, or the mesh address when it listens on every interface.
std::string inspect_endpoint(const node_config& config) {
  if (config.inspect_port == 0)
    return {};
  auto host = config.inspect_address;
  if (host.empty() || host == "0.0.0.0")
    host = config.mesh.address;
  return host + ':' + std::to_string(config.inspect_port);
}

std::string render_nodes(const boost::json::array& rows) {
  std::string text;
  for (auto& row : rows) {
    auto& x = row.as_object();
    text += std::string{x.at("name").as_string()} + "  "
            + std::string{x.at("address").as_string()} + "  "
            + std::string{x.at("state").as_string()} + "  ("
            + std::string{x.at("reason").as_string()} + ")";
    if (auto age = x.at("heartbeat_age_ms"); age.is_number())
      text += "  heartbeat " + std::to_string(age.to_number<double>()).substr(0, 6) + " ms ago";
    text += "  actors " + boost::json::serialize(x.at("actors"));
    if (x.contains("majority") && !x.at("majority").as_bool())
      text += "  MINORITY";
    text += '\n';
  }
  return text;
}

} // namespace

caf::result<std::string> forward_to(inspector_self self, const std::string& node,
                                    const std::string& line) {
  auto promise = self->make_response_promise<std::string>();
  self->request(mesh_of(self), mesh_timeout, atom::inspect_v)
    .then(
      [self, promise, node, line](const std::vector<name_binding>& peers) mutable {
        for (auto& peer : peers) {
          if (peer.name != node)
            continue;
          self->request(peer.handle, std::chrono::minutes{1}, atom::command_v, line)
            .then([promise](const std::string& answer) mutable { promise.deliver(answer); },
                  [promise, node](caf::error& err) mutable {
                    promise.deliver(error_response(node + " did not answer: "
                                                   + caf::to_string(err)));
                  });
          return;
        }
        promise.deliver(error_response("node " + node + " is not reachable"));
      },
      [promise](caf::error& err) mutable {
        promise.deliver(error_response("the mesh did not answer: " + caf::to_string(err)));
      });
  return promise;
}

caf::result<std::string> nodes(inspector_self self, const args& xs) {
  auto& config = self->state.ctx->config;
  if (!xs.empty() && xs[0] == "--self") {
    auto inspect = inspect_endpoint(config);
    return ok_response(config.node + "  inspect " + inspect,
                       boost::json::array{boost::json::object{{"name", config.node},
                                                              {"inspect", inspect}}});
  }
  auto promise = self->make_response_promise<std::string>();
  self->request(mesh_of(self), mesh_timeout, atom::nodes_v)
    .then(
      [self, promise](const std::string& json) mutable {
        auto table = std::make_shared<boost::json::array>(boost::json::parse(json).as_array());
        // Each peer that is up names its own inspection service.
        auto listing = std::make_shared<row_listing>();
        add_peer_rows(self, "nodes --self", listing, [self, table, listing, promise]() mutable {
          std::map<std::string, boost::json::value> inspect;
          for (auto& row : listing->rows)
            inspect[std::string{row.as_object().at("name").as_string()}] = row.as_object().at("inspect");
          for (auto& row : *table) {
            auto& x = row.as_object();
            std::string name{x.at("name").as_string()};
            if (x.at("self").as_bool())
              x["inspect"] = inspect_endpoint(self->state.ctx->config);
            else
              x["inspect"] = inspect.count(name) ? inspect[name] : boost::json::value{nullptr};
          }
          promise.deliver(ok_response(render_nodes(*table), *table));
        });
      },
      [promise](caf::error& err) mutable {
        promise.deliver(error_response("the mesh did not answer: " + caf::to_string(err)));
      });
  return promise;
}

caf::result<std::string> move(inspector_self self, const args& xs) {
  if (xs.size() != 2)
    return error_response("usage: move NAME NODE");
  auto& ctx = *self->state.ctx;
  for (auto& spec : ctx.config.actors) {
    if (spec.name != xs[0])
      continue;
    if (!spec.movable)
      return error_response(spec.name + " is pinned to its node");
    if (std::find(spec.nodes.begin(), spec.nodes.end(), xs[1]) == spec.nodes.end())
      return error_response(spec.name + " may not run on " + xs[1]);
    self->send(mesh_of(self), placement_override{xs[0], xs[1]});
    return ok_response("moving " + xs[0] + " to " + xs[1]);
  }
  return error_response("no movable actor named '" + xs[0] + "' in this node's config");
}

} // namespace lume::commands

#include "net/http/request_route.hpp"

#include "net/http/static_files.hpp"

namespace lume::net::http {

namespace {

route_decision refused(route_decision x, unsigned status, std::string reason, std::string problem,
                       std::string field) {
  x.what = route_decision::kind::refusal;
  x.status = status;
  x.reason = std::move(reason);
  x.problem = std::move(problem);
  x.field = std::move(field);
  return x;
}

} // namespace

route_decision route_request(const server_config& config, std::string_view method_text,
                             std::string_view target, bool upgrade) {
  route_decision x;
  const auto q = target.find('?');
  x.path = std::string{target.substr(0, q)};
  if (q != std::string_view::npos)
    x.query = std::string{target.substr(q + 1)};
  const auto& path = x.path;
  for (std::size_t i = 0; i < config.hubs.size() && x.hub < 0; ++i)
    if (config.hubs[i] == path)
      x.hub = static_cast<int>(i);
  if (upgrade) {
    if (x.hub < 0)
      return refused(std::move(x), 404, "not_a_hub", "no WebSocket hub at " + path, "path");
    x.what = route_decision::kind::hub;
    x.guarded = !config.open_reads;
    return x;
  }
  const std::string method{method_text};
  for (auto& route : config.routes) {
    if (route.prefix ? path.rfind(route.path, 0) != 0 : route.path != path)
      continue;
    if (route.method != method) {
      x.allow = route.method;
      return refused(std::move(x), 405, "method_not_allowed",
                     method + " " + path + ": only " + route.method + " is allowed", "method");
    }
    x.what = route_decision::kind::api;
    x.guarded = route.guarded || !config.open_reads;
    return x;
  }
  if (x.hub >= 0)
    return refused(std::move(x), 426, "not_websocket",
                   path + " is a WebSocket hub: upgrade required", "path");
  if (method != "GET" && method != "HEAD") {
    x.allow = "GET, HEAD";
    return refused(std::move(x), 405, "method_not_allowed",
                   method + " " + path + ": only GET is allowed", "method");
  }
  x.head = method == "HEAD";
  auto found = find_static(config.mounts, path == "/" ? config.index_path : path);
  if (path == "/" && found.status != 200) {
    x.what = route_decision::kind::index;
    return x;
  }
  if (found.status == 400)
    return refused(std::move(x), 400, "bad_path", "path leaves its folder: " + path, "path");
  if (found.status != 200)
    return refused(std::move(x), 404, "not_found", "nothing at " + path, "path");
  x.what = route_decision::kind::file;
  x.file = std::move(found.file);
  x.content_type = std::move(found.content_type);
  return x;
}

} // namespace lume::net::http

// Fuzz target for what OSCQuery clients ask over HTTP and the WebSocket.
// First byte even: the rest is a request target (`/path?ATTRIBUTE`), cut
// into path and query by the server's route_request and answered by
// answer_query against an address space like a live node's. Odd: the rest
// is a WebSocket text message read by read_listen_command. Asserted: a
// refusal is 404 unknown_path or 400 unknown_attribute with a sentence;
// a 200 is JSON: HOST_INFO's object, a node whose FULL_PATH is the path
// asked for, or the one attribute asked for with the node's own value;
// 204 only for an attribute the node lacks; a LISTEN or IGNORE written
// back as the npm client writes it reads back the same.

#include <string>
#include <variant>

#include <boost/json.hpp>

#include "actors/oscquery/oscquery_request.hpp"
#include "net/http/request_route.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/oscquery_namespace_fixture.hpp"

namespace {

using namespace lume;

const boost::json::object& host_info() {
  static const boost::json::object x{{"NAME", "lume"}, {"OSC_PORT", 9421}, {"WS_PORT", 9420}};
  return x;
}

void check_query(const oscquery_namespace& space, const std::string& target) {
  net::http::server_config config;
  config.hubs = {"/"};
  config.routes = {{"/", "GET", true}};
  const auto route = net::http::route_request(config, "GET", target, false);
  if (route.what != net::http::route_decision::kind::api)
    return;
  const auto x = answer_query(space, route.path, route.query, host_info());
  auto path = route.path;
  if (path.size() > 1 && path.back() == '/')
    path.pop_back();
  if (!x.reason.empty()) {
    FUZZ_CHECK((x.status == 404 && x.reason == "unknown_path") ||
               (x.status == 400 && x.reason == "unknown_attribute"));
    FUZZ_CHECK(!x.problem.empty() && x.body.empty());
    return;
  }
  if (x.status == 204) {
    FUZZ_CHECK(is_oscquery_attribute(route.query) && x.body.empty());
    return;
  }
  FUZZ_CHECK(x.status == 200);
  const auto json = boost::json::parse(x.body).as_object();
  if (route.query == "HOST_INFO") {
    FUZZ_CHECK(json == host_info());
    return;
  }
  const auto node = space.node_json(path);
  FUZZ_CHECK(node.has_value());
  if (route.query.empty()) {
    FUZZ_CHECK(json.at("FULL_PATH") == path.c_str());
    FUZZ_CHECK(json == *node);
    return;
  }
  FUZZ_CHECK(json.size() == 1 && json.at(route.query) == node->at(route.query));
}

void check_command(const std::string& text) {
  const auto read = read_listen_command(text);
  if (const auto* why = std::get_if<std::string>(&read)) {
    FUZZ_CHECK(*why == "bad_command");
    return;
  }
  const auto& x = std::get<oscquery_listen>(read);
  const boost::json::object again{{"COMMAND", x.listen ? "LISTEN" : "IGNORE"}, {"DATA", x.path}};
  const auto back = read_listen_command(boost::json::serialize(again));
  const auto* y = std::get_if<oscquery_listen>(&back);
  FUZZ_CHECK(y != nullptr && y->listen == x.listen && y->path == x.path);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const oscquery_namespace space = fuzz::oscquery_fixture();
  if (size == 0)
    return 0;
  const std::string text{reinterpret_cast<const char*>(data + 1), size - 1};
  if (data[0] % 2 == 0)
    check_query(space, text);
  else
    check_command(text);
  return 0;
}

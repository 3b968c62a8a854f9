// Fuzz target for the HTTP requests of the bus and of OSCQuery, as a
// client's bytes reach them: Beast's request parser with the server's limits
// (a small body limit here, so that inputs reach it), fed in reads of 1-128
// bytes as the server's read_some loop feeds it, one request after another
// while the client keeps the connection, each routed by route_request with
// the bus's hubs, routes and static mounts, or (the first byte's high bit)
// the OSCQuery server's. The mounts are a temporary folder with a symbolic
// link that points out of it and a file next to it that must stay unread.
// Asserted: path and query are the target cut at its first '?'; a hub only
// on an upgrade and only at a hub's path; a request for the owner matches a
// route and its method, with a body within the limit; a static file lies
// inside its mount's folder and was asked for by a path of that mount; a
// refusal has a status, a reason and a sentence.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "net/http/request_route.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;
using namespace lume::net::http;

constexpr std::size_t max_body = 256;

/// A folder of static files, removed at exit.
struct static_folder {
  fs::path root;

  static_folder() {
    char name[] = "/tmp/lume-fuzz-http-XXXXXX";
    FUZZ_CHECK(mkdtemp(name) != nullptr);
    root = fs::canonical(name);
    fs::create_directories(root / "stage" / "js");
    fs::create_directories(root / "dashboard");
    std::ofstream{root / "stage" / "index.html"} << "<p>stage</p>";
    std::ofstream{root / "stage" / "js" / "app.js"} << "export {};";
    std::ofstream{root / "dashboard" / "index.html"} << "<p>dashboard</p>";
    std::ofstream{root / "secret.txt"} << "not to be served";
    fs::create_symlink(root / "secret.txt", root / "stage" / "escape.txt");
    fs::create_directory_symlink(root, root / "stage" / "up");
  }

  ~static_folder() {
    std::error_code ignored;
    fs::remove_all(root, ignored);
  }
};

const static_folder& folder() {
  static const static_folder x;
  return x;
}

server_config bus_config() {
  server_config c;
  c.limits.max_body = max_body;
  c.hubs = {"/ws/params", "/ws/cuts", "/ws/features", "/ws/clock",
            "/ws/skeleton", "/ws/session", "/ws/visuals", "/ws/mesh"};
  c.routes = {{"/echelon", "POST"}, {"/cue", "POST"}, {"/command", "POST"},
              {"/state", "GET"}, {"/visuals/latest", "GET"}};
  c.mounts = {{"/stage", (folder().root / "stage").string()},
              {"/dashboard", (folder().root / "dashboard").string()}};
  c.index_path = "/dashboard";
  c.index_html = "<p>index</p>";
  return c;
}

server_config oscquery_config() {
  server_config c;
  c.limits.max_body = max_body;
  c.hubs = {"/"};
  c.routes = {{"/", "GET", true}};
  return c;
}

/// True if `file` is `root` or lies below it, component by component.
bool inside(const fs::path& root, const fs::path& file) {
  auto f = file.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++f)
    if (f == file.end() || *r != *f)
      return false;
  return true;
}

void check_route(const server_config& config, const bhttp::request<bhttp::string_body>& req) {
  const std::string target{req.target()};
  const std::string method{req.method_string()};
  const bool upgrade = boost::beast::websocket::is_upgrade(req);
  const auto x = route_request(config, req.method_string(), req.target(), upgrade);
  const auto q = target.find('?');
  FUZZ_CHECK(x.path == target.substr(0, q));
  FUZZ_CHECK(x.query == (q == std::string::npos ? std::string{} : target.substr(q + 1)));
  const bool at_hub = std::find(config.hubs.begin(), config.hubs.end(), x.path) != config.hubs.end();
  switch (x.what) {
    case route_decision::kind::hub:
      FUZZ_CHECK(upgrade && at_hub);
      FUZZ_CHECK(x.hub >= 0 && config.hubs.at(static_cast<std::size_t>(x.hub)) == x.path);
      break;
    case route_decision::kind::api: {
      FUZZ_CHECK(!upgrade);
      FUZZ_CHECK(req.body().size() <= max_body);
      const bool routed = std::any_of(config.routes.begin(), config.routes.end(), [&](auto& r) {
        return r.method == method && (r.prefix ? x.path.rfind(r.path, 0) == 0 : r.path == x.path);
      });
      FUZZ_CHECK(routed);
      break;
    }
    case route_decision::kind::file: {
      FUZZ_CHECK(!upgrade && (method == "GET" || method == "HEAD"));
      FUZZ_CHECK(x.head == (method == "HEAD"));
      const auto asked = x.path == "/" ? config.index_path : x.path;
      bool served = false;
      for (auto& mount : config.mounts) {
        if (asked.rfind(mount.prefix, 0) != 0)
          continue;
        const fs::path file = x.file;
        FUZZ_CHECK(file == fs::canonical(file));
        FUZZ_CHECK(inside(fs::canonical(mount.folder), file));
        FUZZ_CHECK(asked.find("..") == std::string::npos);
        served = true;
        break;
      }
      FUZZ_CHECK(served);
      FUZZ_CHECK(!x.content_type.empty());
      break;
    }
    case route_decision::kind::index:
      FUZZ_CHECK(!upgrade && x.path == "/");
      break;
    case route_decision::kind::refusal:
      FUZZ_CHECK(x.status >= 400 && x.status < 500);
      FUZZ_CHECK(!x.reason.empty() && !x.problem.empty() && !x.field.empty());
      FUZZ_CHECK((x.status == 405) == !x.allow.empty());
      break;
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  static const server_config bus = bus_config();
  static const server_config oscquery = oscquery_config();
  // The first byte: which server (high bit) and the size of the reads.
  const auto& config = (data[0] & 0x80) ? oscquery : bus;
  const std::size_t chunk = 1 + (data[0] & 0x7F);
  const char* text = reinterpret_cast<const char*>(data + 1);
  const std::size_t length = size - 1;
  std::size_t fed = 0;
  std::string buffer;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser;
  auto fresh = [&] {
    parser.emplace();
    parser->eager(true);
    parser->body_limit(config.limits.max_body);
    parser->header_limit(static_cast<std::uint32_t>(config.limits.max_header));
  };
  fresh();
  // As Beast's read_some: parse what is buffered, read more when it needs more.
  for (;;) {
    boost::beast::error_code ec = bhttp::error::need_more;
    if (!buffer.empty()) {
      ec = {};
      const auto used = parser->put(boost::asio::buffer(buffer), ec);
      FUZZ_CHECK(used <= buffer.size());
      FUZZ_CHECK(used > 0 || ec || parser->is_done());
      buffer.erase(0, used);
    }
    if (!ec && parser->is_done()) {
      const auto req = parser->release();
      check_route(config, req);
      if (!req.keep_alive() || boost::beast::websocket::is_upgrade(req))
        return 0;
      fresh();
      continue;
    }
    if (ec && ec != bhttp::error::need_more) {
      // The server answers 413 (body_limit) or 400 and closes.
      FUZZ_CHECK(!ec.message().empty());
      return 0;
    }
    if (ec != bhttp::error::need_more)
      continue;
    if (fed == length) {
      // The client closed: a request cut short ends the connection.
      if (parser->got_some()) {
        parser->put_eof(ec);
        FUZZ_CHECK(ec || parser->is_done());
        if (!ec)
          check_route(config, parser->release());
      }
      return 0;
    }
    const std::size_t n = std::min(chunk, length - fed);
    buffer.append(text + fed, n);
    fed += n;
  }
}

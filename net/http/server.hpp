#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

/// An HTTP/1.1 and WebSocket server on its own io_context thread (Boost.Beast,
/// shaped like Beast's chat-multi example with the advanced server's
/// timeouts, body limit and graceful shutdown). It never calls into an actor:
/// API requests go out through a callback on the I/O thread (the owner posts
/// them on as messages) and their answers come back through `respond`;
/// hub messages come in through `publish`. Both may be called from any thread.
namespace lume::net::http {

/// Bounds on what one client may cost. A client past one is cut off (its
/// connection closed, with a 4xx answer where HTTP allows one) and counted
/// by reason in `server_counters::refusals`.
struct server_limits {
  /// Largest request header (bytes): 431 past it.
  std::size_t max_header = 8 * 1024;
  /// Largest request body (bytes): 413 past it.
  std::size_t max_body = 64 * 1024;
  /// Open connections (HTTP and WebSocket): 429 past it.
  std::size_t max_connections = 128;
  /// Open connections from one client address: closed at once past it.
  std::size_t max_connections_per_address = 32;
  /// Requests (HTTP requests and WebSocket upgrades) per second from one
  /// address, and how many may come at once (a token bucket): 429 past it,
  /// and new connections from it are closed at once while it is empty.
  double rate = 100;
  double burst = 200;
  /// Messages waiting per WebSocket client: past it the oldest waiting one
  /// is dropped (the client gets the newest values).
  std::size_t queue = 16;
  /// A WebSocket client whose current write has not completed for this
  /// long is disconnected at the next message for it.
  std::chrono::milliseconds slow_timeout{2000};
  /// A request's header must arrive within this time of the connection or
  /// the previous answer (also the keep-alive idle time; a client that sent
  /// part of a header by then is counted `slow_request`).
  std::chrono::milliseconds header_timeout{5000};
  /// Its body must arrive within this time of the header, and an answer
  /// must be taken within it.
  std::chrono::milliseconds body_timeout{10000};
  /// Largest message a WebSocket client may send (bytes).
  std::size_t ws_max_message = 4096;
  /// Messages per second one WebSocket client may send, and at once.
  double ws_rate = 20;
  double ws_burst = 40;
  /// Kernel send buffer of each WebSocket client (bytes): what may be in
  /// flight before its own queue fills.
  int send_buffer = 64 * 1024;
  /// A cut-off client address is warned about at most once per interval.
  std::chrono::milliseconds warn_interval{10000};
};
/// A folder served under a URL prefix (`/stage` → tools/stage-view).
struct static_mount {
  std::string prefix;
  std::string folder;
};

/// A path whose requests go to the owner, and the one method it takes.
struct api_route {
  std::string path;
  std::string method;
  /// Also every path below `path` (`/` takes every path a hub or a mount
  /// does not serve).
  bool prefix = false;
  /// Needs the bearer token (`server_config::token`) even when reads are open.
  bool guarded = false;
};

struct server_config {
  std::string address = "127.0.0.1";
  std::uint16_t port = 9404;
  server_limits limits;
  /// WebSocket paths ("/ws/params", ...): `publish` takes an index into it.
  std::vector<std::string> hubs;
  std::vector<api_route> routes;
  std::vector<static_mount> mounts;
  /// Served at `/` (text/html) when `index_path` is empty or finds no file.
  std::string index_html;
  /// A static path served at `/` instead (`/dashboard`: that mount's index.html).
  std::string index_path;
  /// The bearer token of guarded routes (empty: they answer 403 `no_token`).
  std::string token;
  /// False: the other routes and the hubs need the token too (static files
  /// stay open).
  bool open_reads = true;
  /// Told (on the I/O thread) about a client that was cut off, at most once
  /// per `warn_interval` per address.
  std::function<void(const std::string&)> warn;
};

/// An API request as the owner sees it.
struct api_request {
  std::uint64_t id = 0;
  std::string method;
  /// Path without the query.
  std::string path;
  /// What follows the `?`, if anything.
  std::string query;
  std::string body;
};

struct response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
};

/// What a WebSocket client of a hub did, for an owner that talks to its
/// clients one by one (`serve`'s second handler; `send_to` answers).
struct client_event {
  enum class kind { joined, text, binary, left };
  kind what = kind::joined;
  std::size_t hub = 0;
  std::uint64_t client = 0;
  /// The message of `text` and `binary`.
  std::string data;
};

/// One hub's fan-out counters.
struct hub_counters {
  std::string path;
  std::uint64_t clients = 0;
  std::uint64_t published = 0;
  std::uint64_t sent = 0;
  /// Messages dropped for slow clients (a newer one took their place).
  std::uint64_t dropped = 0;
  std::uint64_t slow_disconnects = 0;
};

struct server_counters {
  std::uint64_t connections = 0;
  std::uint64_t accepted = 0;
  std::uint64_t requests = 0;
  std::uint64_t static_files = 0;
  /// Client addresses remembered for their limits.
  std::uint64_t addresses = 0;
  /// Refused requests and cut-off clients by reason ("not_found",
  /// "body_too_large", "rate_limited", ...).
  std::map<std::string, std::uint64_t> refusals;
  std::vector<hub_counters> hubs;
};

/// A JSON error body: `{"error": problem, "reason": reason, "field": field}`
/// (`field` only when there is one).
std::string error_body(const std::string& reason, const std::string& problem,
                       const std::string& field = {});

class server {
public:
  using request_handler = std::function<void(api_request)>;
  using client_handler = std::function<void(client_event)>;

  /// Binds the listening socket, or says why it cannot.
  static std::variant<std::unique_ptr<server>, std::string> listen(server_config config);

  /// Starts accepting on the I/O thread; API requests go to `on_request`,
  /// what WebSocket clients do and send to `on_client` (if given; else
  /// their messages are dropped), both called on that thread. Once only.
  void serve(request_handler on_request, client_handler on_client = {});

  /// Closes the listener and every connection (WebSocket clients get a
  /// close frame while time allows), then joins the I/O thread.
  ~server();

  /// Answers request `id` (ignored if its connection is gone).
  void respond(std::uint64_t id, response r);

  /// Sends `text` to every client of hub `hub`; a client that joins later
  /// gets the latest one first.
  void publish(std::size_t hub, std::shared_ptr<const std::string> text);

  /// Queues `data` for one client (a text or a binary frame); ignored if
  /// the client is gone. Past the queue limit the oldest waiting is dropped.
  void send_to(std::uint64_t client, std::shared_ptr<const std::string> data, bool binary);

  /// Counts a refusal the owner made (a bad body, a wrong token).
  void count_refusal(const std::string& reason);

  server_counters counters() const;

  /// The bound port (the configured one, or the kernel's pick for 0).
  std::uint16_t port() const;

  struct impl;

private:
  explicit server(std::shared_ptr<impl> x);
  std::shared_ptr<impl> impl_;
};

} // namespace lume::net::http

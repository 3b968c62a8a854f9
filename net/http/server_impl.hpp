#pragma once

// Private to net/http: the Beast side of `server` (listener, sessions, hubs).
// Only server.cpp and websocket_session.cpp include it: Beast compiles slowly.

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "net/http/client_table.hpp"
#include "net/http/server.hpp"
#include "net/token_bucket.hpp"

namespace lume::net::http {

namespace beast = boost::beast;
namespace asio = boost::asio;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using beast::error_code;

/// A connection the server can close at shutdown.
class connection {
public:
  virtual ~connection() = default;
  virtual void close() = 0;
};

/// One open connection, counted while it lives (in all and for its
/// client address; moves from the HTTP session to the WebSocket session of
/// an upgrade). Created and destroyed on the I/O thread.
class connection_slot {
public:
  connection_slot(std::shared_ptr<server::impl> server, std::string address, bool over_limit);
  ~connection_slot();
  connection_slot(const connection_slot&) = delete;
  connection_slot& operator=(const connection_slot&) = delete;

  /// Accepted past `max_connections`: its request gets 429.
  bool over_limit() const { return over_limit_; }
  /// The client's IP address.
  const std::string& address() const { return address_; }

private:
  std::shared_ptr<server::impl> server_;
  std::string address_;
  bool over_limit_;
};

class websocket_session;
class http_session;

/// The clients of one hub path and its latest message (I/O thread only).
struct hub_state {
  std::unordered_set<websocket_session*> clients;
  std::shared_ptr<const std::string> latest;
};

struct server::impl : std::enable_shared_from_this<server::impl> {
  explicit impl(server_config cfg);

  server_config config;
  request_handler on_request;
  client_handler on_client;
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  /// Waits after a failed accept (descriptors spent) before the next.
  asio::steady_timer accept_timer{ioc};
  std::thread thread;
  std::uint16_t bound_port = 0;

  // I/O thread only.
  bool stopping = false;
  std::vector<hub_state> hubs;
  /// API requests waiting for `respond` (holds their sessions).
  std::unordered_map<std::uint64_t, std::shared_ptr<http_session>> pending;
  std::unordered_map<connection*, std::weak_ptr<connection>> open;
  std::uint64_t next_request = 1;
  /// Joined WebSocket clients by id, for `send_to`.
  std::unordered_map<std::uint64_t, websocket_session*> clients;
  std::uint64_t next_client = 1;
  /// Connections and request rates per client address.
  client_table clients_by_address;
  std::chrono::steady_clock::time_point last_prune{};

  /// Guards `counts`, the only state other threads read.
  mutable std::mutex mutex;
  server_counters counts;

  void accept();
  /// The address of a new connection within its limits (counted open), or
  /// nullopt for one cut off (closed and counted).
  std::optional<std::string> admit(tcp::socket& socket);
  void shutdown();
  void count_refusal(const std::string& reason);
  /// Counts a client of `address` cut off for `reason` and warns about it
  /// (at most once per `warn_interval` per address).
  void cut_off(const std::string& address, const std::string& reason);
  void publish(std::size_t hub, std::shared_ptr<const std::string> text);
  template <class F>
  void with_counts(F f) {
    std::lock_guard<std::mutex> guard{mutex};
    f(counts);
  }
};

/// A WebSocket client of one hub: a bounded queue of messages to write,
/// the newest kept, the client disconnected when a write stalls too long.
class websocket_session : public connection,
                          public std::enable_shared_from_this<websocket_session> {
public:
  websocket_session(tcp::socket socket, std::shared_ptr<server::impl> server,
                    std::shared_ptr<connection_slot> slot, std::size_t hub);
  ~websocket_session() override;

  void run(beast::http::request<beast::http::string_body> req);
  /// Queues `text` (I/O thread), as a binary frame if `binary`.
  void send(const std::shared_ptr<const std::string>& text, bool binary = false);
  void close() override;

private:
  void on_accept(error_code ec);
  void read_next();
  void on_read(error_code ec, std::size_t);
  void write_next();
  void on_write(error_code ec, std::size_t);
  void leave();
  /// Counts and closes a client past a limit.
  void cut_off(const std::string& reason);
  void tell_owner(client_event::kind what, std::string data = {});

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<server::impl> server_;
  std::shared_ptr<connection_slot> slot_;
  std::size_t hub_;
  std::uint64_t id_;
  struct frame {
    std::shared_ptr<const std::string> data;
    bool binary = false;
  };
  std::deque<frame> queue_;
  bool writing_ = false;
  bool joined_ = false;
  bool closed_ = false;
  std::chrono::steady_clock::time_point write_started_;
  /// What the client may still send.
  token_bucket incoming_;
};

} // namespace lume::net::http

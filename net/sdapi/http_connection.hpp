#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/verb.hpp>

#include "net/sdapi/endpoint.hpp"

namespace lume::net {

/// How one HTTP exchange ended.
struct http_outcome {
  /// Empty when a response arrived, else why not: resolve, connect, tls,
  /// timeout, io (the connection broke), oversize (body over the limit),
  /// closed (the connection was closed on purpose).
  std::string failure;
  std::string detail;
  unsigned status = 0;
  std::string body;
};

/// One keep-alive HTTP/1.1 connection to one endpoint, plain or TLS (with
/// certificate and host-name verification), driven by its io_context's
/// thread: every member runs there. The host name is resolved on each
/// (re)connect, never on the caller's thread. One exchange at a time; a
/// deadline covers resolve, connect, handshake, write and read, and when it
/// passes the connection is closed (the next exchange connects again). A
/// connection idle for longer than `idle_limit` is opened anew, before the
/// server's keep-alive timeout can close it under a request.
class http_connection {
public:
  using handler = std::function<void(http_outcome)>;

  /// `tls` is required for an https endpoint and outlives the connection.
  http_connection(boost::asio::io_context& io, http_endpoint where,
                  boost::asio::ssl::context* tls, std::size_t body_limit,
                  std::chrono::milliseconds idle_limit);

  http_connection(const http_connection&) = delete;
  http_connection& operator=(const http_connection&) = delete;
  ~http_connection();

  /// Sends one request and calls `done` once with the outcome.
  void exchange(boost::beast::http::verb method, const std::string& target, std::string body,
                std::chrono::milliseconds timeout, handler done);

  /// Closes the connection; a running exchange ends with failure `closed`.
  void close();

  bool busy() const {
    return static_cast<bool>(pending_);
  }

  /// Connections opened so far (each one resolved the host again).
  std::uint64_t connects() const {
    return connects_;
  }

private:
  /// One open (or opening) TCP or TLS connection; pending operations hold it.
  struct link;
  /// One exchange: its request, parser and handler; pending operations hold it.
  struct pending;

  void connect(std::shared_ptr<pending> x);
  void handshake(std::shared_ptr<link> l, std::shared_ptr<pending> x);
  void write(std::shared_ptr<link> l, std::shared_ptr<pending> x);
  void read(std::shared_ptr<link> l, std::shared_ptr<pending> x);
  void fail(const std::shared_ptr<pending>& x, std::string kind, const boost::system::error_code& err);
  void finish(const std::shared_ptr<pending>& x, http_outcome outcome);
  void drop_link();

  boost::asio::io_context& io_;
  http_endpoint where_;
  boost::asio::ssl::context* tls_;
  std::size_t body_limit_;
  std::chrono::milliseconds idle_limit_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer deadline_;
  /// The open connection, if any.
  std::shared_ptr<link> link_;
  /// The running exchange, if any.
  std::shared_ptr<pending> pending_;
  std::chrono::steady_clock::time_point last_used_;
  std::uint64_t connects_ = 0;
};

} // namespace lume::net

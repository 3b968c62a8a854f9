#include "net/sdapi/http_connection.hpp"

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace lume::net {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using error_code = boost::system::error_code;
using tcp = asio::ip::tcp;

struct http_connection::link {
  std::unique_ptr<asio::ssl::stream<tcp::socket>> secure;
  std::unique_ptr<tcp::socket> plain;
  boost::beast::flat_buffer buffer;
  bool open = false;

  tcp::socket& socket() {
    return secure ? secure->next_layer() : *plain;
  }

  void close() {
    open = false;
    error_code ignored;
    socket().close(ignored);
  }
};

struct http_connection::pending {
  http::request<http::string_body> request;
  std::optional<http::response_parser<http::string_body>> parser;
  handler done;
  bool timed_out = false;
};

http_connection::http_connection(asio::io_context& io, http_endpoint where, asio::ssl::context* tls,
                                 std::size_t body_limit, std::chrono::milliseconds idle_limit)
  : io_(io),
    where_(std::move(where)),
    tls_(tls),
    body_limit_(body_limit),
    idle_limit_(idle_limit),
    resolver_(io),
    deadline_(io) {
}

http_connection::~http_connection() {
  pending_.reset();
  drop_link();
}

void http_connection::exchange(http::verb method, const std::string& target, std::string body,
                               std::chrono::milliseconds timeout, handler done) {
  if (pending_) {
    done(http_outcome{"busy", "an exchange is running on this connection", 0, {}});
    return;
  }
  auto x = std::make_shared<pending>();
  pending_ = x;
  x->done = std::move(done);
  auto& request = x->request;
  request.method(method);
  request.target(where_.base + target);
  request.version(11);
  request.set(http::field::host, where_.host);
  request.set(http::field::user_agent, "lume-inference");
  request.set(http::field::accept, "application/json");
  request.keep_alive(true);
  if (method != http::verb::get) {
    request.set(http::field::content_type, "application/json");
    request.body() = std::move(body);
    request.prepare_payload();
  }
  deadline_.expires_after(timeout);
  deadline_.async_wait([this, x](const error_code& err) {
    if (err || x != pending_)
      return;
    x->timed_out = true;
    resolver_.cancel();
    drop_link();
    finish(x, {"timeout", "no answer within the request timeout", 0, {}});
  });
  if (link_ && link_->open && std::chrono::steady_clock::now() - last_used_ > idle_limit_)
    drop_link();
  if (link_ && link_->open)
    write(link_, x);
  else
    connect(x);
}

void http_connection::connect(std::shared_ptr<pending> x) {
  resolver_.async_resolve(
    where_.host, std::to_string(where_.port),
    [this, x](const error_code& err, tcp::resolver::results_type found) {
      if (x != pending_)
        return;
      if (err)
        return fail(x, "resolve", err);
      ++connects_;
      auto l = std::make_shared<link>();
      if (where_.tls)
        l->secure = std::make_unique<asio::ssl::stream<tcp::socket>>(io_, *tls_);
      else
        l->plain = std::make_unique<tcp::socket>(io_);
      link_ = l;
      asio::async_connect(l->socket(), found, [this, l, x](const error_code& err, const tcp::endpoint&) {
        if (x != pending_ || l != link_)
          return;
        if (err)
          return fail(x, "connect", err);
        if (where_.tls)
          return handshake(l, x);
        l->open = true;
        write(l, x);
      });
    });
}

void http_connection::handshake(std::shared_ptr<link> l, std::shared_ptr<pending> x) {
  error_code not_an_address;
  asio::ip::make_address(where_.host, not_an_address);
  // SNI names a host, never an address.
  if (not_an_address && !SSL_set_tlsext_host_name(l->secure->native_handle(), where_.host.c_str()))
    return fail(x, "tls", error_code{static_cast<int>(ERR_get_error()), asio::error::get_ssl_category()});
  l->secure->set_verify_mode(asio::ssl::verify_peer);
  l->secure->set_verify_callback(asio::ssl::host_name_verification(where_.host));
  l->secure->async_handshake(asio::ssl::stream_base::client, [this, l, x](const error_code& err) {
    if (x != pending_ || l != link_)
      return;
    if (err)
      return fail(x, "tls", err);
    l->open = true;
    write(l, x);
  });
}

void http_connection::write(std::shared_ptr<link> l, std::shared_ptr<pending> x) {
  auto written = [this, l, x](const error_code& err, std::size_t) {
    if (x != pending_ || l != link_)
      return;
    if (err)
      return fail(x, "io", err);
    read(l, x);
  };
  if (l->secure)
    http::async_write(*l->secure, x->request, written);
  else
    http::async_write(*l->plain, x->request, written);
}

void http_connection::read(std::shared_ptr<link> l, std::shared_ptr<pending> x) {
  x->parser.emplace();
  x->parser->body_limit(body_limit_);
  auto done = [this, l, x](const error_code& err, std::size_t) {
    if (x != pending_ || l != link_)
      return;
    if (err == http::error::body_limit) {
      drop_link();
      return finish(x, {"oversize", "response body over " + std::to_string(body_limit_) + " bytes", 0, {}});
    }
    if (err)
      return fail(x, "io", err);
    auto response = x->parser->release();
    last_used_ = std::chrono::steady_clock::now();
    if (!response.keep_alive())
      drop_link();
    finish(x, {{}, {}, response.result_int(), std::move(response.body())});
  };
  if (l->secure)
    http::async_read(*l->secure, l->buffer, *x->parser, done);
  else
    http::async_read(*l->plain, l->buffer, *x->parser, done);
}

void http_connection::fail(const std::shared_ptr<pending>& x, std::string kind, const error_code& err) {
  drop_link();
  finish(x, {std::move(kind), err.message(), 0, {}});
}

void http_connection::finish(const std::shared_ptr<pending>& x, http_outcome outcome) {
  if (x != pending_)
    return;
  deadline_.cancel();
  pending_.reset();
  if (auto done = std::move(x->done))
    done(std::move(outcome));
}

void http_connection::drop_link() {
  if (link_)
    link_->close();
  link_.reset();
}

void http_connection::close() {
  resolver_.cancel();
  drop_link();
  if (pending_)
    finish(pending_, {"closed", "connection closed", 0, {}});
}

} // namespace lume::net

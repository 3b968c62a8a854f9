#include "tests/bus/bus_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace lume::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

tcp::endpoint loopback(std::uint16_t port) {
  return {asio::ip::make_address("127.0.0.1"), port};
}

/// Opens `socket` bound to the local address `from` (port chosen by the kernel).
void open_from(tcp::socket& socket, const std::string& from, beast::error_code& ec) {
  socket.open(tcp::v4(), ec);
  if (!ec)
    socket.bind({asio::ip::make_address(from), 0}, ec);
}

http_reply to_reply(const http::response<http::string_body>& res) {
  return {res.result_int(), std::string{res[http::field::content_type]}, res.body()};
}

/// Connects `stream` from `from` to the bus and writes `write(stream)`; false on an error.
template <class Write>
bool connect_and_write(beast::tcp_stream& stream, std::uint16_t port, Write write,
                       const std::string& from = "127.0.0.1") {
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds{5});
  open_from(stream.socket(), from, ec);
  if (!ec)
    stream.connect(loopback(port), ec);
  if (!ec)
    write(ec);
  return !ec;
}

} // namespace

http_reply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body, const std::string& token,
                        const std::string& from) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!token.empty())
    req.set(http::field::authorization, "Bearer " + token);
  if (!body.empty())
    req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  if (!connect_and_write(
        stream, port, [&](beast::error_code& ec) { http::write(stream, req, ec); }, from))
    return {};
  beast::error_code ec;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser, ec);
  if (ec)
    return {};
  return to_reply(parser.get());
}

std::int64_t sent_us_of(const std::string& text) {
  auto at = text.find("\"sent_us\":");
  return at == std::string::npos ? 0 : std::stoll(text.substr(at + 10, 24));
}

http_reply raw_request(std::uint16_t port, const std::string& bytes) {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  if (!connect_and_write(stream, port,
                         [&](beast::error_code& ec) { asio::write(stream, asio::buffer(bytes), ec); }))
    return {};
  beast::error_code ec;
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  if (ec)
    return {};
  return to_reply(res);
}

struct ws_client::impl {
  asio::io_context ioc;
  beast::websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  bool connected = false;
  bool closed = false;
  bool timed_out = false;
  http_reply refusal;
};

ws_client::ws_client(std::uint16_t port, const std::string& path, int receive_buffer,
                     const std::string& from)
  : impl_(std::make_unique<impl>()) {
  beast::error_code ec;
  auto& lowest = beast::get_lowest_layer(impl_->ws);
  open_from(lowest.socket(), from, ec);
  if (receive_buffer > 0)
    lowest.socket().set_option(asio::socket_base::receive_buffer_size{receive_buffer}, ec);
  lowest.expires_after(std::chrono::seconds{5});
  lowest.connect(loopback(port), ec);
  if (ec)
    return;
  beast::websocket::response_type res;
  impl_->ws.handshake(res, "127.0.0.1", path, ec);
  lowest.expires_never();
  if (ec) {
    impl_->refusal = {res.result_int(), std::string{res[http::field::content_type]}, res.body()};
    return;
  }
  impl_->connected = true;
}

ws_client::~ws_client() = default;

bool ws_client::connected() const {
  return impl_->connected;
}

http_reply ws_client::refusal() const {
  return impl_->refusal;
}

std::optional<std::string> ws_client::read(std::chrono::milliseconds timeout) {
  if (!impl_->connected || impl_->closed || impl_->timed_out)
    return std::nullopt;
  std::optional<std::string> result;
  impl_->buffer.clear();
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code ec, std::size_t) {
    if (ec)
      impl_->closed = true;
    else
      result = beast::buffers_to_string(impl_->buffer.data());
  });
  impl_->ioc.restart();
  impl_->ioc.run_for(timeout);
  if (!impl_->ioc.stopped()) {
    // A WebSocket stream whose read was cancelled cannot be used again.
    impl_->timed_out = true;
    beast::get_lowest_layer(impl_->ws).cancel();
    impl_->ioc.restart();
    impl_->ioc.run();
    impl_->closed = false;
  }
  return result;
}

bool ws_client::closed_by_server(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!impl_->closed && !impl_->timed_out) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      until - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return false;
    read(left);
  }
  return impl_->closed;
}

bool ws_client::write(const std::string& text) {
  if (!impl_->connected || impl_->closed || impl_->timed_out)
    return false;
  beast::error_code ec;
  impl_->ws.write(asio::buffer(text), ec);
  if (ec)
    impl_->closed = true;
  return !ec;
}

raw_connection::raw_connection(std::uint16_t port, const std::string& from) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0 ||
      ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

raw_connection::~raw_connection() {
  if (fd_ >= 0)
    ::close(fd_);
}

bool raw_connection::send(const std::string& bytes) {
  return fd_ >= 0 && ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                       static_cast<ssize_t>(bytes.size());
}

bool raw_connection::closed_by_server(std::chrono::milliseconds timeout) {
  if (fd_ < 0)
    return false;
  const auto until = std::chrono::steady_clock::now() + timeout;
  char chunk[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      until - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
      continue;
    auto n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0)
      return true;
    received_.append(chunk, static_cast<std::size_t>(n));
  }
}

idle_connection::idle_connection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

idle_connection::~idle_connection() {
  if (fd_ >= 0)
    ::close(fd_);
}

} // namespace lume::test

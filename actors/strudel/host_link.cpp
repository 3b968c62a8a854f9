#include "actors/strudel/host_link.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include "actors/strudel/host_message.hpp"

namespace lume {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t max_queue = 256;

} // namespace

host_link::host_link(std::string host, std::string port, std::shared_ptr<beat_clock> clock,
                     std::chrono::milliseconds retry, std::chrono::milliseconds retry_max,
                     handlers on)
  : host_(std::move(host)),
    port_(std::move(port)),
    clock_(std::move(clock)),
    retry_(retry),
    retry_max_(retry_max),
    backoff_(retry),
    on_(std::move(on)) {
  asio::post(io_, [this] { connect(); });
  thread_ = std::thread{[this] { io_.run(); }};
}

host_link::~host_link() {
  asio::post(io_, [this] {
    stopping_ = true;
    timer_.cancel();
    resolver_.cancel();
    if (ws_) {
      beast::error_code ignored;
      beast::get_lowest_layer(*ws_).socket().close(ignored);
    }
  });
  // Let the cancelled handlers run, then stop whatever is left.
  asio::post(io_, [this] { io_.stop(); });
  thread_.join();
}

void host_link::send(producer make) {
  asio::post(io_, [this, make = std::move(make)]() mutable {
    if (!open_ || queue_.size() >= max_queue) {
      ++stats_.dropped;
      return;
    }
    queue_.push_back(std::move(make));
    if (queue_.size() == 1 && writing_.empty())
      write_next();
  });
}

void host_link::connect() {
  if (stopping_)
    return;
  auto generation = ++generation_;
  open_ = false;
  queue_.clear();
  writing_.clear();
  ws_.emplace(io_);
  resolver_.async_resolve(host_, port_, [this, generation](beast::error_code ec,
                                                           tcp::resolver::results_type found) {
    if (generation != generation_ || stopping_)
      return;
    if (ec)
      return fail("resolve " + host_ + ": " + ec.message());
    beast::get_lowest_layer(*ws_).expires_after(std::chrono::seconds{3});
    beast::get_lowest_layer(*ws_).async_connect(found, [this, generation](beast::error_code ec,
                                                                          tcp::endpoint) {
      if (generation != generation_ || stopping_)
        return;
      if (ec)
        return fail("connect " + host_ + ":" + port_ + ": " + ec.message());
      beast::get_lowest_layer(*ws_).expires_never();
      beast::get_lowest_layer(*ws_).socket().set_option(tcp::no_delay{true});
      ws_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      ws_->read_message_max(1 << 20);
      ws_->async_handshake(host_ + ":" + port_, "/bridge", [this, generation](beast::error_code ec) {
        if (generation != generation_ || stopping_)
          return;
        if (ec)
          return fail("handshake: " + ec.message());
        open_ = true;
        backoff_ = retry_;
        ++stats_.connects;
        ws_->text(true);
        on_.status("connected", host_ + ":" + port_);
        read();
      });
    });
  });
}

void host_link::fail(const std::string& what) {
  if (stopping_)
    return;
  if (open_)
    on_.status("disconnected", what);
  else
    ++stats_.connect_failures, on_.status("unreachable", what);
  open_ = false;
  ++generation_;
  if (ws_) {
    beast::error_code ignored;
    beast::get_lowest_layer(*ws_).socket().close(ignored);
  }
  timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, retry_max_);
  timer_.async_wait([this](beast::error_code ec) {
    if (!ec)
      connect();
  });
}

void host_link::read() {
  auto generation = generation_;
  ws_->async_read(buffer_, [this, generation](beast::error_code ec, size_t) {
    if (generation != generation_ || stopping_)
      return;
    if (ec)
      return fail("read: " + ec.message());
    auto text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (text.find("\"ping\"") != std::string::npos)
      answer_ping(text);
    else
      on_.message(std::move(text));
    read();
  });
}

void host_link::answer_ping(const std::string& text) {
  auto pong = pong_for(text);
  if (!pong) {
    on_.message(text);
    return;
  }
  ++stats_.pings;
  // First in line: the host's round trip should not include other messages.
  queue_.push_front([clock = clock_, pong = std::move(*pong)]() mutable {
    pong["at_us"] = clock->now().count();
    return boost::json::serialize(pong);
  });
  if (writing_.empty())
    write_next();
}

void host_link::write_next() {
  if (queue_.empty() || !open_)
    return;
  writing_ = queue_.front()();
  queue_.pop_front();
  auto generation = generation_;
  ws_->async_write(asio::buffer(writing_), [this, generation](beast::error_code ec, size_t) {
    if (generation != generation_ || stopping_)
      return;
    writing_.clear();
    if (ec)
      return fail("write: " + ec.message());
    ++stats_.written;
    write_next();
  });
}

} // namespace lume

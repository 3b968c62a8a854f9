#include "net/http/server_impl.hpp"

namespace lume::net::http {

websocket_session::websocket_session(tcp::socket socket, std::shared_ptr<server::impl> server,
                                     std::shared_ptr<connection_slot> slot, std::size_t hub)
  : ws_(std::move(socket)), server_(std::move(server)), slot_(std::move(slot)), hub_(hub),
    id_(server_->next_client++),
    incoming_(server_->config.limits.ws_rate, server_->config.limits.ws_burst,
              std::chrono::steady_clock::now()) {}

websocket_session::~websocket_session() {
  leave();
  server_->open.erase(this);
}

void websocket_session::run(beast::http::request<beast::http::string_body> req) {
  error_code ignored;
  auto& socket = beast::get_lowest_layer(ws_).socket();
  socket.set_option(asio::socket_base::send_buffer_size{server_->config.limits.send_buffer},
                    ignored);
  socket.set_option(tcp::no_delay{true}, ignored);
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
    res.set(beast::http::field::server, "lume-bus");
  }));
  // Clients mostly listen; what they send is kept small and slow, and goes
  // to the owner if it takes client messages, else it is dropped.
  ws_.read_message_max(server_->config.limits.ws_max_message);
  ws_.text(true);
  ws_.async_accept(req, beast::bind_front_handler(&websocket_session::on_accept,
                                                  shared_from_this()));
}

void websocket_session::on_accept(error_code ec) {
  if (ec || closed_ || server_->stopping)
    return close();
  auto& hub = server_->hubs[hub_];
  hub.clients.insert(this);
  server_->clients[id_] = this;
  joined_ = true;
  server_->with_counts([&](server_counters& c) { ++c.hubs[hub_].clients; });
  if (hub.latest)
    send(hub.latest);
  tell_owner(client_event::kind::joined);
  read_next();
}

void websocket_session::read_next() {
  ws_.async_read(buffer_, beast::bind_front_handler(&websocket_session::on_read,
                                                    shared_from_this()));
}

void websocket_session::on_read(error_code ec, std::size_t) {
  if (ec == websocket::error::message_too_big)
    return cut_off("ws_message_too_large");
  if (ec)
    return close();
  if (!incoming_.take(std::chrono::steady_clock::now()))
    return cut_off("ws_rate_limited");
  if (server_->on_client)
    tell_owner(ws_.got_text() ? client_event::kind::text : client_event::kind::binary,
               beast::buffers_to_string(buffer_.data()));
  buffer_.consume(buffer_.size());
  read_next();
}

void websocket_session::send(const std::shared_ptr<const std::string>& text, bool binary) {
  if (closed_)
    return;
  const auto now = std::chrono::steady_clock::now();
  if (writing_ && now - write_started_ > server_->config.limits.slow_timeout) {
    server_->with_counts([&](server_counters& c) { ++c.hubs[hub_].slow_disconnects; });
    return cut_off("slow_reader");
  }
  // queue_.front() is being written while writing_; the rest waits.
  const std::size_t in_flight = writing_ ? 1 : 0;
  if (queue_.size() - in_flight >= server_->config.limits.queue) {
    queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(in_flight));
    server_->with_counts([&](server_counters& c) { ++c.hubs[hub_].dropped; });
  }
  queue_.push_back({text, binary});
  if (!writing_)
    write_next();
}

void websocket_session::write_next() {
  writing_ = true;
  write_started_ = std::chrono::steady_clock::now();
  ws_.binary(queue_.front().binary);
  ws_.async_write(asio::buffer(*queue_.front().data),
                  beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
}

void websocket_session::on_write(error_code ec, std::size_t) {
  writing_ = false;
  if (ec)
    return close();
  queue_.pop_front();
  server_->with_counts([&](server_counters& c) { ++c.hubs[hub_].sent; });
  if (!queue_.empty() && !closed_)
    write_next();
}

void websocket_session::leave() {
  if (!joined_)
    return;
  joined_ = false;
  server_->hubs[hub_].clients.erase(this);
  server_->clients.erase(id_);
  tell_owner(client_event::kind::left);
  server_->with_counts([&](server_counters& c) { --c.hubs[hub_].clients; });
}

void websocket_session::cut_off(const std::string& reason) {
  server_->cut_off(slot_->address(), reason);
  close();
}

void websocket_session::close() {
  if (closed_)
    return;
  closed_ = true;
  leave();
  server_->open.erase(this);
  error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

} // namespace lume::net::http

namespace lume::net::http {

void websocket_session::tell_owner(client_event::kind what, std::string data) {
  if (!server_->on_client)
    return;
  client_event e;
  e.what = what;
  e.hub = hub_;
  e.client = id_;
  e.data = std::move(data);
  server_->on_client(std::move(e));
}

} // namespace lume::net::http

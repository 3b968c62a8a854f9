#include "net/http/server_impl.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "net/http/bearer.hpp"
#include "net/http/request_route.hpp"

namespace lume::net::http {

namespace bhttp = beast::http;

std::string error_body(const std::string& reason, const std::string& problem,
                       const std::string& field) {
  boost::json::object x{{"error", problem}, {"reason", reason}};
  if (!field.empty())
    x["field"] = field;
  return boost::json::serialize(x);
}

connection_slot::connection_slot(std::shared_ptr<server::impl> server, std::string address,
                                 bool over_limit)
  : server_(std::move(server)), address_(std::move(address)), over_limit_(over_limit) {
  server_->with_counts([](server_counters& c) {
    ++c.connections;
    ++c.accepted;
  });
}

connection_slot::~connection_slot() {
  server_->clients_by_address.disconnect(address_);
  server_->with_counts([](server_counters& c) { --c.connections; });
}

/// One HTTP connection: reads requests one at a time, answers static files
/// and refusals itself, hands API requests to the owner and waits for
/// `respond`, and turns into a websocket_session on an upgrade to a hub.
class http_session : public connection, public std::enable_shared_from_this<http_session> {
public:
  http_session(tcp::socket socket, std::shared_ptr<server::impl> server,
               std::shared_ptr<connection_slot> slot)
    : stream_(std::move(socket)), server_(std::move(server)), slot_(std::move(slot)) {}

  ~http_session() override { server_->open.erase(this); }

  void run() { read_next(); }

  void close() override {
    error_code ec;
    stream_.socket().close(ec);
  }

  void answer(response r) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version_};
    res.set(bhttp::field::server, "lume-bus");
    res.set(bhttp::field::content_type, r.content_type);
    res.set(bhttp::field::cache_control, "no-store");
    if (!allow_.empty())
      res.set(bhttp::field::allow, allow_);
    if (r.status == 429)
      res.set(bhttp::field::retry_after, "1");
    res.keep_alive(keep_alive_);
    res.body() = head_ ? std::string{} : std::move(r.body);
    if (head_)
      res.content_length(r.body.size());
    else
      res.prepare_payload();
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(std::move(res));
    stream_.expires_after(server_->config.limits.body_timeout);
    bhttp::async_write(stream_, *msg,
                       [self = shared_from_this(), msg](error_code ec, std::size_t) {
                         self->on_write(ec);
                       });
  }

private:
  /// The header within `header_timeout`, then the body within `body_timeout`.
  void read_next() {
    auto& limits = server_->config.limits;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits.max_header));
    parser_->body_limit(limits.max_body);
    reading_body_ = false;
    stream_.expires_after(limits.header_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&http_session::on_header, shared_from_this()));
  }

  void on_header(error_code ec, std::size_t n) {
    if (ec || parser_->is_done())
      return on_read(ec, n);
    reading_body_ = true;
    stream_.expires_after(server_->config.limits.body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&http_session::on_read, shared_from_this()));
  }

  void refuse(unsigned status, const std::string& reason, const std::string& problem,
              const std::string& field = {}) {
    server_->count_refusal(reason);
    answer({status, error_body(reason, problem, field)});
  }

  /// Refuses past a limit and ends the connection after the answer.
  void cut_off(unsigned status, const std::string& reason, const std::string& problem,
               const std::string& field = {}) {
    keep_alive_ = false;
    server_->cut_off(slot_->address(), reason);
    answer({status, error_body(reason, problem, field)});
  }

  /// The refusal of a request without the right token, if any.
  bool refused_token(const bhttp::request<bhttp::string_body>& req, const std::string& query) {
    switch (check_bearer(req[bhttp::field::authorization], query, server_->config.token)) {
      case bearer_check::ok: return false;
      case bearer_check::no_token_configured:
        refuse(403, "no_token", "this endpoint is off: the server has no token (option token)",
               "authorization");
        return true;
      case bearer_check::missing:
        cut_off(401, "unauthorized", "missing Authorization: Bearer TOKEN", "authorization");
        return true;
      case bearer_check::wrong:
        cut_off(401, "unauthorized", "wrong bearer token", "authorization");
        return true;
    }
    return true;
  }

  void on_read(error_code ec, std::size_t) {
    allow_.clear();
    head_ = false;
    auto& limits = server_->config.limits;
    if (ec == beast::error::timeout && !server_->stopping &&
        (reading_body_ || buffer_.size() > 0 || parser_->got_some())) {
      // Part of a request, and no more in time: a slow (loris) client.
      server_->cut_off(slot_->address(), "slow_request");
      return close();
    }
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof || server_->stopping)
      return close();
    if (ec == bhttp::error::header_limit)
      return cut_off(431, "header_too_large",
                     "request header larger than " + std::to_string(limits.max_header) + " bytes",
                     "header");
    if (ec == bhttp::error::body_limit)
      return cut_off(413, "body_too_large",
                     "request body larger than " + std::to_string(limits.max_body) + " bytes",
                     "body");
    if (ec) {
      keep_alive_ = false;
      return refuse(400, "malformed_request", "malformed HTTP request: " + ec.message());
    }
    auto req = parser_->release();
    version_ = req.version();
    keep_alive_ = req.keep_alive();
    with_request_count();
    if (!server_->clients_by_address.request(slot_->address(), std::chrono::steady_clock::now()))
      return cut_off(429, "rate_limited",
                     "more than " + std::to_string(static_cast<long>(limits.rate)) +
                       " requests per second from " + slot_->address(),
                     "rate");
    if (slot_->over_limit())
      return cut_off(429, "too_many_connections",
                     "more than " + std::to_string(limits.max_connections) + " connections",
                     "connections");
    auto route = route_request(server_->config, req.method_string(), req.target(),
                               websocket::is_upgrade(req));
    allow_ = std::move(route.allow);
    head_ = route.head;
    switch (route.what) {
      case route_decision::kind::refusal:
        return refuse(route.status, route.reason, route.problem, route.field);
      case route_decision::kind::hub: {
        if (route.guarded && refused_token(req, route.query))
          return;
        server_->open.erase(this);
        auto ws = std::make_shared<websocket_session>(stream_.release_socket(), server_, slot_,
                                                      static_cast<std::size_t>(route.hub));
        server_->open[ws.get()] = ws;
        ws->run(std::move(req));
        return;
      }
      case route_decision::kind::api: {
        if (route.guarded && refused_token(req, route.query))
          return;
        auto id = server_->next_request++;
        server_->pending[id] = shared_from_this();
        api_request x;
        x.id = id;
        x.method = std::string{req.method_string()};
        x.path = std::move(route.path);
        x.query = std::move(route.query);
        x.body = std::move(req.body());
        server_->on_request(std::move(x));
        return;
      }
      case route_decision::kind::index:
        return answer({200, server_->config.index_html, "text/html; charset=utf-8"});
      case route_decision::kind::file:
        break;
    }
    std::ifstream in{route.file, std::ios::binary};
    std::ostringstream body;
    body << in.rdbuf();
    server_->with_counts([](server_counters& c) { ++c.static_files; });
    answer({200, body.str(), route.content_type});
  }

  void with_request_count() {
    server_->with_counts([](server_counters& c) { ++c.requests; });
  }

  void on_write(error_code ec) {
    if (ec)
      return close();
    if (!keep_alive_)
      return linger();
    read_next();
  }

  /// Ends a connection after a refusal: stops sending, then reads what the
  /// client still sends (for at most a second) so that closing does not
  /// reset the connection before the client read the answer.
  void linger() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds{1});
    drain_.resize(4096);
    stream_.async_read_some(asio::buffer(drain_),
                            [self = shared_from_this()](error_code ec, std::size_t) {
                              if (ec)
                                return self->close();
                              self->linger_more();
                            });
  }

  void linger_more() {
    stream_.async_read_some(asio::buffer(drain_),
                            [self = shared_from_this()](error_code ec, std::size_t) {
                              if (ec)
                                return self->close();
                              self->linger_more();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<server::impl> server_;
  std::shared_ptr<connection_slot> slot_;
  std::string allow_;
  std::vector<char> drain_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  bool reading_body_ = false;
};

server::impl::impl(server_config cfg)
  : config(std::move(cfg)), hubs(config.hubs.size()),
    clients_by_address({config.limits.max_connections_per_address, config.limits.rate,
                        config.limits.burst, config.limits.warn_interval}) {
  counts.hubs.resize(config.hubs.size());
  for (std::size_t i = 0; i < config.hubs.size(); ++i)
    counts.hubs[i].path = config.hubs[i];
}

void server::impl::accept() {
  acceptor.async_accept([self = shared_from_this()](error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || self->stopping)
      return;
    if (ec) {
      // Out of file descriptors or the like: accepting again at once would spin.
      self->accept_timer.expires_after(std::chrono::milliseconds{100});
      return self->accept_timer.async_wait([self](error_code ec) {
        if (!ec && !self->stopping)
          self->accept();
      });
    }
    auto address = self->admit(socket);
    if (!address)
      return self->accept();
    std::size_t open_now = 0;
    self->with_counts([&](server_counters& c) { open_now = c.connections; });
    auto slot = std::make_shared<connection_slot>(self, std::move(*address),
                                                  open_now >= self->config.limits.max_connections);
    auto session = std::make_shared<http_session>(std::move(socket), self, std::move(slot));
    self->open[session.get()] = session;
    session->run();
    self->accept();
  });
}

void server::impl::shutdown() {
  stopping = true;
  error_code ignored;
  acceptor.close(ignored);
  accept_timer.cancel();
  auto all = std::move(open);
  for (auto& [raw, weak] : all)
    if (auto c = weak.lock())
      c->close();
  pending.clear();
}

std::optional<std::string> server::impl::admit(tcp::socket& socket) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_prune > std::chrono::seconds{1}) {
    last_prune = now;
    clients_by_address.prune(now);
    with_counts([&](server_counters& c) { c.addresses = clients_by_address.size(); });
  }
  error_code ec;
  auto address = socket.remote_endpoint(ec).address().to_string();
  if (ec)
    return std::nullopt;
  std::size_t open_now = 0;
  with_counts([&](server_counters& c) { open_now = c.connections; });
  std::string reason;
  // Past twice the limit not even a 429 is written: descriptors run out.
  if (open_now >= 2 * config.limits.max_connections)
    reason = "too_many_connections";
  else
    switch (clients_by_address.connect(address, now)) {
      case client_table::verdict::ok: return address;
      case client_table::verdict::too_many_connections:
        reason = "too_many_connections_per_address";
        break;
      case client_table::verdict::rate_limited: reason = "rate_limited"; break;
    }
  cut_off(address, reason);
  socket.close(ec);
  return std::nullopt;
}

void server::impl::count_refusal(const std::string& reason) {
  with_counts([&](server_counters& c) { ++c.refusals[reason]; });
}

void server::impl::cut_off(const std::string& address, const std::string& reason) {
  count_refusal(reason);
  std::uint64_t suppressed = 0;
  if (!config.warn ||
      !clients_by_address.should_warn(address, std::chrono::steady_clock::now(), suppressed))
    return;
  auto text = "cuts off client " + address + ": " + reason;
  if (suppressed > 0)
    text += " (and " + std::to_string(suppressed) + " more cut-offs of it since the last warning)";
  config.warn(text);
}

void server::impl::publish(std::size_t hub, std::shared_ptr<const std::string> text) {
  if (hub >= hubs.size() || stopping)
    return;
  auto& h = hubs[hub];
  h.latest = text;
  with_counts([&](server_counters& c) { ++c.hubs[hub].published; });
  // A client may close itself (too slow) while we iterate: copy first.
  std::vector<websocket_session*> clients{h.clients.begin(), h.clients.end()};
  for (auto* client : clients)
    client->send(text);
}

server::server(std::shared_ptr<impl> x) : impl_(std::move(x)) {}

std::variant<std::unique_ptr<server>, std::string> server::listen(server_config config) {
  auto x = std::make_shared<impl>(std::move(config));
  error_code ec;
  auto address = asio::ip::make_address(x->config.address, ec);
  if (ec)
    return "address '" + x->config.address + "' is no IP address";
  tcp::endpoint endpoint{address, x->config.port};
  auto where = x->config.address + ":" + std::to_string(x->config.port);
  x->acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    x->acceptor.set_option(asio::socket_base::reuse_address{true}, ec);
  if (!ec)
    x->acceptor.bind(endpoint, ec);
  if (!ec)
    x->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return "cannot listen on " + where + ": " + ec.message();
  x->bound_port = x->acceptor.local_endpoint(ec).port();
  return std::unique_ptr<server>{new server{std::move(x)}};
}

void server::serve(request_handler on_request, client_handler on_client) {
  impl_->on_request = std::move(on_request);
  impl_->on_client = std::move(on_client);
  impl_->accept();
  impl_->thread = std::thread{[io = impl_.get()] { io->ioc.run(); }};
}

server::~server() {
  if (!impl_->thread.joinable())
    return;
  asio::post(impl_->ioc, [x = impl_] { x->shutdown(); });
  // Every socket is closed: the pending operations end and run() returns.
  impl_->thread.join();
}

void server::respond(std::uint64_t id, response r) {
  asio::post(impl_->ioc, [x = impl_, id, r = std::move(r)]() mutable {
    auto i = x->pending.find(id);
    if (i == x->pending.end())
      return;
    auto session = std::move(i->second);
    x->pending.erase(i);
    session->answer(std::move(r));
  });
}

void server::publish(std::size_t hub, std::shared_ptr<const std::string> text) {
  asio::post(impl_->ioc, [x = impl_, hub, text = std::move(text)]() mutable {
    x->publish(hub, std::move(text));
  });
}

void server::send_to(std::uint64_t client, std::shared_ptr<const std::string> data,
                     bool binary) {
  asio::post(impl_->ioc, [x = impl_, client, data = std::move(data), binary] {
    auto i = x->clients.find(client);
    if (i != x->clients.end() && !x->stopping)
      i->second->send(data, binary);
  });
}

void server::count_refusal(const std::string& reason) {
  impl_->count_refusal(reason);
}

server_counters server::counters() const {
  std::lock_guard<std::mutex> guard{impl_->mutex};
  return impl_->counts;
}

std::uint16_t server::port() const {
  return impl_->bound_port;
}

} // namespace lume::net::http

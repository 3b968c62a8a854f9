#include "system/inspect/inspect_server.hpp"

#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <optional>

#include <boost/json.hpp>
#include <caf/io/broker.hpp>

#include "system/inspect/access.hpp"
#include "system/inspect/command_line.hpp"
#include "system/inspect/command_table.hpp"
#include "system/inspect/response.hpp"
#include "system/log/log.hpp"

namespace lume {

namespace {

using clock = std::chrono::steady_clock;

constexpr auto command_timeout = std::chrono::minutes{10};

/// One client connection.
struct client {
  client(const inspect_config& limits, clock::time_point now, std::string host,
         std::string peer, bool read_only, bool may_write)
    : splitter(limits.max_line), bucket(limits.rate, limits.burst, now), host(std::move(host)),
      peer(std::move(peer)), read_only(read_only), authorized(may_write) {}

  line_splitter splitter;
  token_bucket bucket;
  /// Client address (for the per-address limit) and address:port (logs).
  std::string host;
  std::string peer;
  bool read_only;
  /// May run commands that change anything.
  bool authorized;
  /// Sent the node's token (then the rate does not bind it).
  bool sent_token = false;
  /// Lines received, not yet run; `busy` while one runs.
  std::deque<std::string> lines;
  bool busy = false;
  /// When the unfinished line's first byte came (slow-loris bound).
  std::optional<clock::time_point> line_started;
  /// Bytes of answers still in the broker's buffer (not yet taken by the
  /// kernel; the socket's own send queue is asked when it matters).
  uint64_t unsent = 0;
  size_t bad_tokens = 0;
};

struct server_state {
  server_state(std::shared_ptr<inspection_status> status, inspector_actor inspector)
    : status(std::move(status)), inspector(std::move(inspector)),
      admission(this->status->limits.max_connections,
                this->status->limits.max_connections_per_address),
      warnings(this->status->limits.warn_interval), log(role_logger("inspection")) {}

  std::shared_ptr<inspection_status> status;
  inspector_actor inspector;
  caf::io::accept_handle read_only_listener;
  connection_admission admission;
  warning_throttle warnings;
  std::map<caf::io::connection_handle, client> clients;
  std::shared_ptr<spdlog::logger> log;

  const inspect_config& limits() const { return status->limits; }
  inspection_counters& counters() { return status->counters; }
};

using state_ptr = std::shared_ptr<server_state>;

std::string unauthorized_response(const std::string& message) {
  return boost::json::serialize(
    boost::json::object{{"ok", false}, {"error", message}, {"code", "unauthorized"}});
}

void write_line(caf::io::broker* self, server_state& st, caf::io::connection_handle hdl,
                const std::string& line) {
  auto& out = self->wr_buf(hdl);
  out.insert(out.end(), line.begin(), line.end());
  out.push_back('\n');
  self->flush(hdl);
  if (auto i = st.clients.find(hdl); i != st.clients.end())
    i->second.unsent += line.size() + 1;
}

/// A CAF connection handle's id is its socket.
int socket_of(caf::io::connection_handle hdl) {
  return static_cast<int>(hdl.id());
}

/// Bytes the kernel holds in the socket's send queue: written by the node,
/// not yet acknowledged by the client. A client that does not read closes
/// its window and the node's kernel keeps what it cannot send (up to the
/// socket's send buffer, which Linux grows to `net.ipv4.tcp_wmem`'s 4 MiB):
/// memory of the node as much as the broker's buffer is.
uint64_t kernel_queued(caf::io::connection_handle hdl) {
  int bytes = 0;
  if (::ioctl(socket_of(hdl), SIOCOUTQ, &bytes) != 0 || bytes < 0)
    return 0;
  return static_cast<uint64_t>(bytes);
}

/// Shuts a socket whose client does not read: its close resets the
/// connection and frees the send queue at once (no FIN waiting behind the
/// unread answers), and further writes fail, so the broker lets it go
/// without waiting for its buffer to drain.
void abort_socket(caf::io::connection_handle hdl) {
  ::linger now{1, 0};
  ::setsockopt(socket_of(hdl), SOL_SOCKET, SO_LINGER, &now, sizeof now);
  ::shutdown(socket_of(hdl), SHUT_RDWR);
}

void forget(server_state& st, std::map<caf::io::connection_handle, client>::iterator i) {
  st.admission.release(i->second.host);
  st.clients.erase(i);
  st.counters().open.store(st.admission.open(), std::memory_order_relaxed);
}

void warn_cut(server_state& st, const std::string& host, const std::string& peer,
              cut_reason why, const std::string& detail) {
  uint64_t suppressed = 0;
  if (!st.warnings.allow(host, clock::now(), suppressed))
    return;
  if (suppressed > 0)
    st.log->warn("inspection cuts off {} ({}): {}; {} more cut-offs of {} since the last warning",
                 peer, to_string(why), detail, suppressed, host);
  else
    st.log->warn("inspection cuts off {} ({}): {}", peer, to_string(why), detail);
}

/// Cuts a client off: counts why, warns (at most once per address per
/// interval), tells it why and closes. A client that does not read gets no
/// last word: its socket is shut at once, so it holds nothing of the node.
void cut(caf::io::broker* self, const state_ptr& st, caf::io::connection_handle hdl,
         cut_reason why, const std::string& detail) {
  auto i = st->clients.find(hdl);
  if (i == st->clients.end())
    return;
  st->counters().count(why);
  warn_cut(*st, i->second.host, i->second.peer, why, detail);
  if (why == cut_reason::output)
    abort_socket(hdl);
  else
    write_line(self, *st, hdl, error_response("cut off (" + std::string{to_string(why)} + "): " + detail));
  self->close(hdl);
  forget(*st, i);
}

/// The answer to `auth TOKEN`, or nullopt when the client is cut off.
std::optional<std::string> authenticate(caf::io::broker* self, const state_ptr& st,
                                        caf::io::connection_handle hdl, client& c,
                                        const command_line& cmd) {
  auto& status = *st->status;
  if (c.read_only) {
    st->counters().count(command_refusal::read_only);
    return error_response("auth: this is the read-only port; commands that change anything "
                          "are taken on " + status.address + ':' + std::to_string(status.port));
  }
  if (cmd.args.size() != 1)
    return error_response("usage: auth TOKEN");
  if (status.writes != "token") {
    st->counters().count(command_refusal::bad_token);
    return error_response("auth: this node takes no token: " + status.writes_error);
  }
  if (token_matches(status.limits.token, cmd.args[0])) {
    c.authorized = true;
    c.sent_token = true;
    st->counters().authorized.fetch_add(1, std::memory_order_relaxed);
    return ok_response("authorized: this connection may change the show",
                       boost::json::object{{"access", "write"}});
  }
  st->counters().count(command_refusal::bad_token);
  if (++c.bad_tokens >= st->limits().max_bad_tokens) {
    cut(self, st, hdl, cut_reason::bad_tokens,
        std::to_string(c.bad_tokens) + " wrong tokens");
    return std::nullopt;
  }
  return error_response("auth: wrong token");
}

/// Writes an answer to `hdl`, or cuts the client off when it leaves more
/// than `max-output` unread: what the node holds for it is the broker's
/// buffer and the kernel's send queue (CAF acknowledges only what the kernel
/// took). False when the client is gone.
bool answer(caf::io::broker* self, const state_ptr& st, caf::io::connection_handle hdl,
            const std::string& line) {
  auto i = st->clients.find(hdl);
  if (i == st->clients.end())
    return false;
  const auto held = i->second.unsent + kernel_queued(hdl);
  if (held > st->limits().max_output) {
    cut(self, st, hdl, cut_reason::output, std::to_string(held) + " bytes of answers unread");
    return false;
  }
  write_line(self, *st, hdl, line);
  return true;
}

std::string refusal_text(const inspection_status& status, const client& c,
                         const std::string& word) {
  if (c.read_only)
    return "'" + word + "' changes the show: not on the read-only port (unauthorized); use "
           + status.address + ':' + std::to_string(status.port);
  if (status.writes == "refused")
    return "'" + word + "' needs the token (unauthorized), and this node has none: "
           + status.writes_error;
  return "'" + word + "' needs the token (unauthorized): send `auth TOKEN` first "
         "(lume-repl --token-file FILE, or LUME_TOKEN)";
}

/// Runs the queued lines of `hdl` in order: `auth`, refusals and `quit`
/// at once, other commands on the inspector, one at a time, so that answers
/// keep the order of the questions.
void run_next(caf::io::broker* self, const state_ptr& st, caf::io::connection_handle hdl) {
  while (true) {
    auto i = st->clients.find(hdl);
    if (i == st->clients.end() || i->second.busy || i->second.lines.empty())
      return;
    auto& c = i->second;
    auto line = std::move(c.lines.front());
    c.lines.pop_front();
    auto cmd = split_command(line);
    if (cmd.word == "auth") {
      auto reply = authenticate(self, st, hdl, c, cmd);
      if (!reply || !answer(self, st, hdl, *reply))
        return;
      continue;
    }
    if (!c.authorized && needs_token(cmd)) {
      st->counters().count(c.read_only ? command_refusal::read_only : command_refusal::unauthorized);
      if (!answer(self, st, hdl, unauthorized_response(refusal_text(*st->status, c, cmd.word))))
        return;
      continue;
    }
    st->counters().commands.fetch_add(1, std::memory_order_relaxed);
    c.busy = true;
    const bool quit = cmd.word == "quit" || cmd.word == "exit";
    auto done = [self, st, hdl, quit](const std::string& reply) {
      if (!answer(self, st, hdl, reply))
        return; // cut off, now or meanwhile
      auto j = st->clients.find(hdl);
      if (quit) {
        self->close(hdl);
        forget(*st, j);
        return;
      }
      j->second.busy = false;
      run_next(self, st, hdl);
    };
    self->request(st->inspector, command_timeout, atom::command_v, line)
      .then([done](const std::string& reply) { done(reply); },
            [done](caf::error& err) { done(error_response(caf::to_string(err))); });
    return;
  }
}

void on_data(caf::io::broker* self, const state_ptr& st, const caf::io::new_data_msg& msg) {
  auto i = st->clients.find(msg.handle);
  if (i == st->clients.end())
    return;
  auto& c = i->second;
  auto now = clock::now();
  std::vector<std::string> lines;
  const bool fits = c.splitter.append(msg.buf.data(), msg.buf.size(), lines);
  if (!fits) {
    cut(self, st, msg.handle, cut_reason::line_too_long,
        "a line over " + std::to_string(st->limits().max_line) + " bytes");
    return;
  }
  // The unfinished line started in this chunk if a line ended in it.
  if (c.splitter.pending() == 0)
    c.line_started.reset();
  else if (!lines.empty() || !c.line_started)
    c.line_started = now;
  for (auto& line : lines) {
    // The rate binds connections without the token: one with it could stop
    // the show anyway, and scripts stream commands through it (max-queued
    // still bounds what it may pipeline).
    if (!c.sent_token && !c.bucket.take(now)) {
      cut(self, st, msg.handle, cut_reason::rate,
          "more than " + std::to_string(static_cast<long>(st->limits().rate))
            + " lines a second");
      return;
    }
    c.lines.push_back(std::move(line));
  }
  if (c.lines.size() > st->limits().max_queued) {
    cut(self, st, msg.handle, cut_reason::queued,
        std::to_string(c.lines.size()) + " commands waiting");
    return;
  }
  run_next(self, st, msg.handle);
}

void on_connection(caf::io::broker* self, const state_ptr& st,
                   const caf::io::new_connection_msg& msg) {
  auto host = self->remote_addr(msg.handle);
  auto peer = host + ':' + std::to_string(self->remote_port(msg.handle));
  st->counters().accepted.fetch_add(1, std::memory_order_relaxed);
  if (auto refused = st->admission.admit(host)) {
    st->counters().count(*refused);
    warn_cut(*st, host, peer, *refused,
             *refused == cut_reason::connections
               ? std::to_string(st->limits().max_connections) + " connections open"
               : std::to_string(st->limits().max_connections_per_address)
                   + " connections open from " + host);
    auto line = error_response(std::string{"cut off ("} + to_string(*refused)
                               + "): too many connections");
    auto& out = self->wr_buf(msg.handle);
    out.insert(out.end(), line.begin(), line.end());
    out.push_back('\n');
    self->flush(msg.handle);
    self->close(msg.handle);
    return;
  }
  const bool read_only = msg.source == st->read_only_listener;
  const bool may_write = !read_only && st->status->writes == "open";
  st->clients.emplace(msg.handle,
                      client{st->limits(), clock::now(), host, peer, read_only, may_write});
  st->counters().open.store(st->admission.open(), std::memory_order_relaxed);
  self->ack_writes(msg.handle, true);
  self->configure_read(msg.handle, caf::io::receive_policy::at_most(4096));
}

/// Cuts off clients whose unfinished line is older than the line timeout.
void check_slow_lines(caf::io::broker* self, const state_ptr& st) {
  auto now = clock::now();
  std::vector<caf::io::connection_handle> slow;
  for (auto& [hdl, c] : st->clients)
    if (c.line_started && now - *c.line_started > st->limits().line_timeout)
      slow.push_back(hdl);
  for (auto hdl : slow)
    cut(self, st, hdl, cut_reason::slow_line,
        "a line unfinished after "
          + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                             st->limits().line_timeout).count())
          + " ms");
  st->warnings.prune(now);
}

caf::timespan tick_interval(const inspect_config& limits) {
  return std::clamp<caf::timespan>(limits.line_timeout / 4, std::chrono::milliseconds{20},
                                   std::chrono::seconds{1});
}

caf::behavior inspect_server(caf::io::broker* self, caf::io::doorman_ptr main,
                             caf::io::doorman_ptr read_only, state_ptr st) {
  self->add_doorman(std::move(main));
  if (read_only) {
    st->read_only_listener = read_only->hdl();
    self->add_doorman(std::move(read_only));
  }
  auto tick = tick_interval(st->limits());
  self->delayed_send(self, tick, atom::tick_v);
  return {
    [=](const caf::io::new_connection_msg& msg) { on_connection(self, st, msg); },
    [=](const caf::io::new_data_msg& msg) { on_data(self, st, msg); },
    [=](const caf::io::data_transferred_msg& msg) {
      if (auto i = st->clients.find(msg.handle); i != st->clients.end())
        i->second.unsent = msg.remaining;
    },
    [=](const caf::io::connection_closed_msg& msg) {
      if (auto i = st->clients.find(msg.handle); i != st->clients.end())
        forget(*st, i);
    },
    [=](atom::tick) {
      check_slow_lines(self, st);
      self->delayed_send(self, tick, atom::tick_v);
    },
    [=](const caf::io::acceptor_closed_msg&) { self->quit(); },
  };
}

} // namespace

bool is_loopback(const std::string& address) {
  return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

void decide_write_access(inspection_status& status) {
  auto& limits = status.limits;
  if (!limits.token_error.empty()) {
    status.writes = "refused";
    status.writes_error = limits.token_error;
  } else if (!limits.token.empty()) {
    status.writes = "token";
  } else if (is_loopback(status.address)) {
    status.writes = "open";
  } else {
    status.writes = "refused";
    status.writes_error = "no token is configured (lume.inspect.token-file) and the port listens "
                          "on " + status.address + ", not on loopback";
  }
}

caf::expected<inspect_server_handle> start_inspect_server(caf::io::middleman& mm,
                                                          std::shared_ptr<inspection_status> status,
                                                          inspector_actor inspector) {
  auto main = mm.backend().new_tcp_doorman(status->port, status->address.c_str(), true);
  if (!main)
    return main.error();
  caf::io::doorman_ptr read_only;
  if (status->read_port != 0) {
    auto second = mm.backend().new_tcp_doorman(status->read_port,
                                               status->read_address.c_str(), true);
    if (!second)
      return second.error();
    read_only = std::move(*second);
  }
  inspect_server_handle result;
  result.port = (*main)->port();
  result.read_port = read_only ? read_only->port() : 0;
  status->port = result.port;
  status->read_port = result.read_port;
  auto st = std::make_shared<server_state>(status, inspector);
  result.server = mm.spawn_broker(inspect_server, std::move(*main), std::move(read_only), st);
  return result;
}

} // namespace lume

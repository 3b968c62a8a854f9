#include "system/inspect/inspect_server.hpp"

#include <chrono>
#include <deque>
#include <map>

#include <caf/io/broker.hpp>
#include <caf/io/network/default_multiplexer.hpp>

#include "system/inspect/command_line.hpp"
#include "system/inspect/response.hpp"

namespace lume {

namespace {

constexpr auto command_timeout = std::chrono::minutes{10};

struct connection {
  line_splitter splitter;
  std::deque<std::string> lines;
  bool busy = false;
};

using connections = std::map<caf::io::connection_handle, connection>;

void write_line(caf::io::broker* self, caf::io::connection_handle hdl,
                const std::string& line) {
  auto& out = self->wr_buf(hdl);
  out.insert(out.end(), line.begin(), line.end());
  out.push_back('\n');
  self->flush(hdl);
}

/// Runs the next queued command of `hdl`, one at a time so that answers keep
/// the order of the questions.
void run_next(caf::io::broker* self, std::shared_ptr<connections> conns,
              inspector_actor inspector, caf::io::connection_handle hdl) {
  auto i = conns->find(hdl);
  if (i == conns->end() || i->second.busy || i->second.lines.empty())
    return;
  auto line = std::move(i->second.lines.front());
  i->second.lines.pop_front();
  i->second.busy = true;
  bool quit = line == "quit" || line == "exit";
  auto done = [=](const std::string& answer) {
    write_line(self, hdl, answer);
    if (quit) {
      self->close(hdl);
      conns->erase(hdl);
      return;
    }
    if (auto j = conns->find(hdl); j != conns->end()) {
      j->second.busy = false;
      run_next(self, conns, inspector, hdl);
    }
  };
  self->request(inspector, command_timeout, atom::command_v, line)
    .then([=](const std::string& answer) { done(answer); },
          [=](caf::error& err) { done(error_response(caf::to_string(err))); });
}

caf::behavior inspect_server(caf::io::broker* self, caf::io::doorman_ptr doorman,
                             inspector_actor inspector) {
  self->add_doorman(std::move(doorman));
  auto conns = std::make_shared<connections>();
  return {
    [=](const caf::io::new_connection_msg& msg) {
      (*conns)[msg.handle] = connection{};
      self->configure_read(msg.handle, caf::io::receive_policy::at_most(4096));
    },
    [=](const caf::io::new_data_msg& msg) {
      auto i = conns->find(msg.handle);
      if (i == conns->end())
        return;
      auto& conn = i->second;
      std::vector<std::string> lines;
      const bool fits = conn.splitter.append(msg.buf.data(), msg.buf.size(), lines);
      for (auto& line : lines)
        conn.lines.push_back(std::move(line));
      if (!fits) {
        write_line(self, msg.handle, error_response("line too long"));
        self->close(msg.handle);
        conns->erase(i);
        return;
      }
      run_next(self, conns, inspector, msg.handle);
    },
    [=](const caf::io::connection_closed_msg& msg) { conns->erase(msg.handle); },
    [=](const caf::io::acceptor_closed_msg&) { self->quit(); },
  };
}

} // namespace

caf::expected<std::pair<caf::actor, uint16_t>> start_inspect_server(caf::io::middleman& mm,
                                             const std::string& address,
                                             uint16_t port,
                                             inspector_actor inspector) {
  auto doorman = mm.backend().new_tcp_doorman(port, address.c_str(), true);
  if (!doorman)
    return doorman.error();
  auto bound = (*doorman)->port();
  auto server = mm.spawn_broker(inspect_server, std::move(*doorman), std::move(inspector));
  return std::make_pair(server, bound);
}

} // namespace lume

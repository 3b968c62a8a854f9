#include "system/node/run_node.hpp"

#include <csignal>
#include <cstdio>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/publish.hpp>
#include <caf/scoped_actor.hpp>

#include "system/clock/clock_service.hpp"
#include "system/clock/link_clock.hpp"
#include "system/inspect/inspect_server.hpp"
#include "system/inspect/inspector.hpp"
#include "system/log/log.hpp"
#include "system/mesh/mesh_actor.hpp"
#include "system/mesh/mesh_tls.hpp"
#include "system/node/load_config.hpp"
#include "system/supervision/supervisor.hpp"

namespace lume {

namespace {

struct command_line {
  std::string config;
  bool repl = false;
  bool help = false;
  std::vector<std::string> caf_args;
};

command_line parse_command_line(int argc, char** argv) {
  command_line result;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc)
      result.config = argv[++i];
    else if (arg.rfind("--config=", 0) == 0)
      result.config = arg.substr(9);
    else if (arg == "--repl")
      result.repl = true;
    else if (arg == "--help" || arg == "-h")
      result.help = true;
    else
      result.caf_args.push_back(arg);
  }
  return result;
}

/// Set once: by a signal (exit 0) or by the root supervisor giving up (1).
class exit_latch {
public:
  void set(int code) {
    std::call_once(once_, [&] { promise_.set_value(code); });
  }
  int wait() {
    return promise_.get_future().get();
  }

private:
  std::once_flag once_;
  std::promise<int> promise_;
};

void read_commands_from_stdin(caf::actor_system& sys, inspector_actor inspector) {
  caf::scoped_actor self{sys};
  for (std::string line; std::getline(std::cin, line);) {
    self->request(inspector, std::chrono::minutes{10}, atom::command_v, line)
      .receive(
        [&](const std::string& answer) {
          auto json = boost::json::parse(answer).as_object();
          if (json.at("ok").as_bool())
            std::cout << json.at("text").as_string().c_str();
          else
            std::cout << "error: " << json.at("error").as_string().c_str() << '\n';
          std::cout.flush();
        },
        [&](caf::error& err) { std::cout << "error: " << sys.render(err) << '\n'; });
    if (line == "quit" || line == "exit")
      return;
  }
}

} // namespace

int run_node(int argc, char** argv, std::shared_ptr<const kind_catalog> kinds) {
  auto args = parse_command_line(argc, argv);
  if (args.help || args.config.empty()) {
    std::cerr << "usage: lume-node --config FILE [--repl] [--section.key=value ...]\n";
    return args.help ? 0 : 2;
  }
  system_config cfg;
  auto loaded = load_config(cfg, args.config, args.caf_args, *kinds);
  if (auto err = std::get_if<config_error>(&loaded)) {
    std::cerr << "lume-node: " << err->to_string() << '\n';
    return 2;
  }
  auto& config = std::get<node_config>(loaded);
  if (!set_log_level(config.log_level)) {
    std::cerr << "lume-node: " << config.file << ": key 'lume.log-level': unknown level '"
              << config.log_level << "'\n";
    return 2;
  }
  if (auto err = check_mesh_tls(config)) {
    std::cerr << "lume-node: " << err->to_string() << '\n';
    return 2;
  }
  bool tls = config.mesh.tls.enabled && config.mesh.port != 0;
  if (tls && !cfg.use_mesh_tls(config.mesh.tls)) {
    std::cerr << "lume-node: BASP over TLS needs this executable's SSL_read/SSL_write/"
                 "SSL_accept/SSL_connect (system/mesh/openssl_error_queue.cpp), and CAF's "
                 "OpenSSL module does not call them: a build defect\n";
    return 2;
  }
  // Signals go to the waiting thread only: block them before CAF starts its threads.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto log = role_logger("node");
  exit_latch latch;
  int code = 0;
  {
    caf::actor_system sys{cfg};
    auto ctx = std::make_shared<node_context>();
    ctx->config = config;
    ctx->names = std::make_shared<name_registry>(sys, config.restart_queue);
    ctx->kinds = kinds;
    ctx->clock = std::make_shared<link_clock>(config.clock.tempo, config.clock.quantum,
                                              config.clock.link);
    ctx->clock_service = caf::actor_cast<caf::actor>(
      sys.spawn(clock_service, ctx->clock, config.clock.quantum));
    ctx->latency = std::make_shared<latency_registry>();
    auto inspection = std::make_shared<inspection_status>();
    inspection->address = config.inspect_address;
    inspection->port = config.inspect_port;
    inspection->read_address = config.inspect.read_address;
    inspection->read_port = config.inspect.read_port;
    inspection->limits = config.inspect;
    decide_write_access(*inspection);
    auto inspector_handle = sys.spawn(port_inspector, std::shared_ptr<const node_context>{ctx},
                                      config.inspect_port != 0
                                        ? std::shared_ptr<const inspection_status>{inspection}
                                        : nullptr);
    auto mesh_handle = sys.spawn(mesh, std::shared_ptr<const node_context>{ctx},
                                 caf::actor_cast<caf::actor>(inspector_handle));
    ctx->mesh = caf::actor_cast<caf::actor>(mesh_handle);
    if (config.mesh.port != 0) {
      auto& address = config.mesh.address;
      auto in = address.empty() ? nullptr : address.c_str();
      auto published = tls ? caf::openssl::publish(mesh_handle, config.mesh.port, in, true)
                           : sys.middleman().publish(mesh_handle, config.mesh.port, in, true);
      if (!published) {
        std::cerr << "lume-node: " << config.file << ": key 'lume.mesh.port': cannot listen on "
                  << (address.empty() ? "*" : address) << ':' << config.mesh.port << ": "
                  << sys.render(published.error()) << '\n';
        latch.set(2);
      }
    }
    auto& root_spec = config.actors.front();
    auto root_entry = ctx->names->declare(root_spec.name, root_spec.kind, "");
    auto root = sys.spawn(supervisor, root_spec, std::shared_ptr<const node_context>{ctx});
    root_entry.proxy->bind(caf::actor_cast<caf::actor>(root));
    // Watches the root until it goes. It needs a behavior (which nobody
    // sends to: an actor without one ends right after its init) and a strong
    // reference (`watcher`, until the node shuts down: a monitor holds its
    // observer weakly, and an actor nobody references ends as unreachable).
    auto watcher = sys.spawn([root, &latch, log](caf::event_based_actor* self) -> caf::behavior {
      self->monitor(root);
      self->set_down_handler([&latch, log, self](caf::down_msg& msg) {
        if (msg.reason && msg.reason != caf::exit_reason::user_shutdown) {
          log->critical("node lost its root supervisor: {}", self->system().render(msg.reason));
          latch.set(1);
        }
        self->quit();
      });
      return {[](atom::status) {}};
    });
    caf::actor server;
    if (config.inspect_port != 0) {
      auto started = start_inspect_server(sys.middleman(), inspection, inspector_handle);
      if (!started) {
        std::cerr << "lume-node: " << config.file << ": key 'lume.inspect-port': cannot listen on "
                  << config.inspect_address << ':' << config.inspect_port
                  << (config.inspect.read_port != 0
                        ? " or " + config.inspect.read_address + ':'
                            + std::to_string(config.inspect.read_port)
                        : std::string{})
                  << ": " << sys.render(started.error()) << '\n';
        latch.set(2);
      } else {
        server = started->server;
        std::cout << "lume-node " << config.node << ": inspection on "
                  << config.inspect_address << ':' << started->port << std::endl;
        if (started->read_port != 0)
          std::cout << "lume-node " << config.node << ": read-only inspection on "
                    << config.inspect.read_address << ':' << started->read_port << std::endl;
        if (inspection->writes == "refused")
          log->error("inspection refuses every command that changes anything: {}",
                     inspection->writes_error);
        else if (inspection->writes == "open")
          log->info("inspection takes every command from anyone on {} (no token)",
                    config.inspect_address);
      }
    }
    std::thread signal_waiter{[&] {
      int sig = 0;
      sigwait(&signals, &sig);
      latch.set(0);
    }};
    signal_waiter.detach();
    if (args.repl)
      std::thread{read_commands_from_stdin, std::ref(sys), inspector_handle}.detach();
    code = latch.wait();
    log->info("node {} shuts down", config.node);
    caf::scoped_actor self{sys};
    self->request(root, std::chrono::minutes{1}, atom::shutdown_v)
      .receive([](bool) {}, [&](caf::error& err) {
        if (code == 0 && err != caf::sec::request_receiver_down)
          log->error("shutdown failed: {}", sys.render(err));
      });
    self->send_exit(watcher, caf::exit_reason::user_shutdown);
    self->send_exit(mesh_handle, caf::exit_reason::user_shutdown);
    self->send_exit(inspector_handle, caf::exit_reason::user_shutdown);
    self->send_exit(ctx->clock_service, caf::exit_reason::user_shutdown);
    if (server)
      self->send_exit(server, caf::exit_reason::user_shutdown);
  }
  return code;
}

} // namespace lume

#include "actors/port/port.hpp"

#include <chrono>
#include <filesystem>
#include <csignal>

#include <boost/json.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/deep_to_string.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>
#include <caf/settings.hpp>
#include <caf/stateful_actor.hpp>

#include "system/errors.hpp"
#include "system/log/log.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

/// The reason a port's actor fails with when its program is gone: error 1
/// of category "port", the context naming the exit code or signal.
caf::error program_exited(std::string context) {
  return {uint8_t{1}, caf::atom("port"), caf::make_message(std::move(context))};
}

void record_exit(port_state& st, const std::string& how) {
  std::lock_guard<std::mutex> guard{st.setup.history->mutex};
  st.setup.history->last_exit = how;
  st.setup.history->last_exit_unix_ms = unix_ms();
}

} // namespace

port_actor::behavior_type port(port_self self, port_setup setup) {
  auto& st = self->state;
  st.setup = std::move(setup);
  st.log = role_logger(st.setup.name);
  st.started_unix_ms = unix_ms();
  auto handle = caf::actor_cast<port_actor>(self);
  auto ready_text = st.setup.ready;
  auto ready_seen = std::make_shared<std::atomic<bool>>(ready_text.empty());
  auto log = st.log;
  auto stdout_level = st.setup.stdout_level;
  auto out_lines = st.stdout_lines;
  auto err_lines = st.stderr_lines;
  auto on_line = [=](bool from_stderr, const std::string& line) {
    ++*(from_stderr ? err_lines : out_lines);
    log->log(from_stderr ? spdlog::level::warn : stdout_level, "{}", line);
    if (!ready_seen->load() && line.find(ready_text) != std::string::npos
        && !ready_seen->exchange(true))
      caf::anon_send(handle, atom::status_v, std::string{"ready"}, std::string{});
  };
  auto on_exit = [handle](const process_exit& how) {
    caf::anon_send(handle, atom::status_v, std::string{"exited"}, how.describe());
  };
  auto started = child_process::start(st.setup.process, on_line, on_exit);
  if (auto err = std::get_if<std::string>(&started)) {
    st.log->error("{} could not start: {}", st.setup.name, *err);
    record_exit(st, "not started: " + *err);
    self->quit(program_exited(st.setup.name + ": not started: " + *err));
    return {
      [](atom::inspect) -> std::string { return "{}"; },
      [](atom::status, const std::string&, const std::string&) {},
      [](atom::stop_timeout) {},
      [](atom::tick) {},
    };
  }
  st.child = std::move(std::get<0>(started));
  st.log->info("{} started pid {}", st.setup.name, st.child->pid());
  if (ready_text.empty())
    st.phase = "ready";
  else if (st.setup.ready_timeout.count() > 0)
    self->delayed_send(self, st.setup.ready_timeout, atom::tick_v);
  self->set_exit_handler([self](caf::exit_msg& msg) {
    auto& st = self->state;
    if (st.stopping)
      return;
    st.stopping = true;
    st.phase = "stopping";
    st.stop_reason = msg.reason;
    if (!st.child->signal_group(SIGTERM)) {
      self->quit(std::move(st.stop_reason));
      return;
    }
    self->delayed_send(self, st.setup.grace, atom::stop_timeout_v);
  });
  return {
    [self](atom::status, const std::string& event, const std::string& detail) {
      auto& st = self->state;
      if (event == "ready") {
        if (st.phase == "starting")
          st.phase = "ready";
        st.log->info("{} is ready", st.setup.name);
        return;
      }
      // "exited": the program is gone.
      record_exit(st, detail);
      if (st.stopping) {
        st.log->info("{} stopped: {}", st.setup.name, detail);
        self->quit(std::move(st.stop_reason));
        return;
      }
      st.log->warn("{} exited: {}", st.setup.name, detail);
      self->quit(program_exited(st.setup.name + " exited: " + detail));
    },
    [self](atom::stop_timeout) {
      auto& st = self->state;
      if (st.child->signal_group(SIGKILL))
        st.log->warn("{} killed: no exit within {} of SIGTERM", st.setup.name,
                     caf::deep_to_string(st.setup.grace));
    },
    [self](atom::tick) {
      auto& st = self->state;
      if (st.phase != "starting")
        return;
      auto what = "no '" + st.setup.ready + "' within " + caf::deep_to_string(st.setup.ready_timeout);
      st.log->warn("{} not ready: {}", st.setup.name, what);
      st.child->signal_group(SIGKILL);
      record_exit(st, "not ready: " + what);
      self->quit(program_exited(st.setup.name + ": " + what));
    },
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      boost::json::array command;
      for (auto& arg : st.setup.process.argv)
        command.emplace_back(arg);
      boost::json::object state{{"command", std::move(command)},
                                {"cwd", st.setup.process.cwd},
                                {"pid", st.child->pid()},
                                {"state", st.phase},
                                {"running", st.child->running()},
                                {"started_unix_ms", st.started_unix_ms},
                                {"uptime_s", (unix_ms() - st.started_unix_ms) / 1000.0},
                                {"restarts", st.setup.incarnation - 1},
                                {"stdout_lines", st.stdout_lines->load()},
                                {"stderr_lines", st.stderr_lines->load()}};
      {
        std::lock_guard<std::mutex> guard{st.setup.history->mutex};
        if (st.setup.history->last_exit.empty())
          state["last_exit"] = nullptr;
        else
          state["last_exit"] = {{"how", st.setup.history->last_exit},
                                {"unix_ms", st.setup.history->last_exit_unix_ms}};
      }
      return boost::json::serialize(state);
    },
  };
}

actor_kind port_kind() {
  actor_kind kind;
  kind.name = "port";
  kind.summary = "runs an external program as a supervised child (Erlang's port program)";
  caf::config_option_adder{kind.options, "options"}
    .add<std::vector<std::string>>("command", "program and arguments; relative paths resolve "
                                              "against 'cwd'")
    .add<std::vector<std::string>>("env", "KEY=VALUE entries added to the environment")
    .add<std::string>("cwd", "working directory of the program, relative to the config "
                             "file's folder (default: the node's)")
    .add<std::string>("ready", "text of an output line that marks the program ready")
    .add<caf::timespan>("ready-timeout", "fail when the ready line is later (default: wait)")
    .add<caf::timespan>("grace", "SIGTERM to SIGKILL on shutdown (default 2s)")
    .add<std::string>("stdout-level", "log level of stdout lines (default info; stderr: warn)");
  auto histories = std::make_shared<std::map<std::string, std::shared_ptr<port_history>>>();
  auto histories_mutex = std::make_shared<std::mutex>();
  kind.spawn = [histories, histories_mutex](caf::actor_system& sys, const child_spec& spec,
                                            const std::shared_ptr<const node_context>& ctx)
    -> caf::expected<caf::actor> {
    auto fail = [&](const std::string& what) {
      return make_error(ec::spawn_failed, spec.name + ": " + what);
    };
    port_setup setup;
    setup.name = spec.name;
    setup.process.argv = caf::get_or(spec.options, "command", std::vector<std::string>{});
    if (setup.process.argv.empty() || setup.process.argv.front().empty())
      return fail("option 'command': needs at least the program");
    // A relative working directory is relative to the config file's folder
    // (like the bus's static folders), so a node runs from anywhere.
    setup.process.cwd = caf::get_or(spec.options, "cwd", std::string{});
    if (!setup.process.cwd.empty()) {
      std::filesystem::path dir{setup.process.cwd};
      if (dir.is_relative())
        dir = std::filesystem::path{ctx->config.file}.parent_path() / dir;
      std::error_code err;
      dir = std::filesystem::absolute(dir, err).lexically_normal();
      if (err || !std::filesystem::is_directory(dir, err))
        return fail(ctx->config.file + ": option 'cwd': no folder " + dir.string());
      setup.process.cwd = dir.string();
    }
    // A program that cannot run is a spawn failure, not a crash loop.
    auto program = find_program(setup.process.argv.front(), setup.process.cwd);
    if (program.index() == 1)
      return fail("option 'command': " + std::get<1>(program));
    setup.process.env = caf::get_or(spec.options, "env", std::vector<std::string>{});
    for (auto& entry : setup.process.env)
      if (entry.find('=') == std::string::npos || entry.front() == '=')
        return fail("option 'env': '" + entry + "' is not KEY=VALUE");
    setup.ready = caf::get_or(spec.options, "ready", std::string{});
    setup.ready_timeout = caf::get_or(spec.options, "ready-timeout", caf::timespan{0});
    setup.grace = caf::get_or(spec.options, "grace", caf::timespan{std::chrono::seconds{2}});
    if (setup.grace >= spec.shutdown)
      return fail("option 'grace' (" + caf::deep_to_string(setup.grace)
                  + ") must be below the child's 'shutdown' ("
                  + caf::deep_to_string(spec.shutdown) + ")");
    auto level_name = caf::get_or(spec.options, "stdout-level", std::string{"info"});
    setup.stdout_level = spdlog::level::from_str(level_name);
    if (setup.stdout_level == spdlog::level::off && level_name != "off")
      return fail("option 'stdout-level': unknown level '" + level_name + "'");
    auto entry = ctx->names->find(spec.name);
    setup.incarnation = entry ? entry->proxy->incarnations() + 1 : 1;
    {
      std::lock_guard<std::mutex> guard{*histories_mutex};
      auto& history = (*histories)[spec.name];
      if (!history)
        history = std::make_shared<port_history>();
      setup.history = history;
    }
    return caf::actor_cast<caf::actor>(sys.spawn(port, std::move(setup)));
  };
  return kind;
}

} // namespace lume

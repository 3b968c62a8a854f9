#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

/// Test support: a lume-node child process and its inspection port.
namespace lume::test {

/// CPU time (user + system) of process `pid`, seconds.
double cpu_seconds(int pid);

/// A field of /proc/PID/status (VmRSS, VmHWM, ...) in kB; -1 if absent.
long status_kb(int pid, const std::string& key);

/// A port on 127.0.0.1 free for UDP and TCP when asked, from just below the
/// ephemeral range (no outgoing connection takes it meanwhile).
std::uint16_t free_port();

/// The config of a node that runs mocopi → motion features → mapper, the
/// mapper sending OSC to `osc_target` with the given `params` map text
/// (e.g. `{ x = { feature = "motion.root_y_m", in = [0.0, 2.0] } }`).
std::string mocopi_to_osc_config(const std::string& node, std::uint16_t inspect_port,
                                 std::uint16_t mocopi_port, const std::string& osc_target,
                                 const std::string& params);

/// lume-node running `config` (a file path), stopped with SIGTERM when destroyed.
class node_process {
public:
  node_process(const std::string& lume_node, const std::string& config,
               const std::vector<std::string>& args = {});
  ~node_process();
  node_process(const node_process&) = delete;
  node_process& operator=(const node_process&) = delete;

  /// True once the node announced its inspection port (waits at most 10 s).
  bool started();

  /// True once actor `name` answers `inspect` (waits at most 10 s): its
  /// socket, if it has one, is bound.
  bool running(std::uint16_t inspect_port, const std::string& name);

  /// Runs one inspection command; its `data` (null on error or no answer).
  boost::json::value command(std::uint16_t inspect_port, const std::string& line);

  /// Sends SIGTERM and waits; the exit code (-1 if killed by a signal).
  int stop();

  int pid() const { return pid_; }

private:
  int pid_ = -1;
  int stdout_fd_ = -1;
};

} // namespace lume::test

#pragma once

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <sys/types.h>

namespace lume {

/// How to start an external program.
struct process_options {
  /// Program and arguments; a program without '/' is looked up in PATH, a
  /// relative one with '/' resolves against the node's working directory.
  std::vector<std::string> argv;
  /// `KEY=VALUE` entries added to (or replacing in) the node's environment.
  std::vector<std::string> env;
  /// Working directory of the program; empty keeps the node's.
  std::string cwd;
};

/// The path `name` runs as: looked up in PATH without '/', made absolute
/// against `dir` (the program's working directory; empty: the node's) when
/// relative; or why it cannot run.
std::variant<std::string, std::string> find_program(const std::string& name,
                                                    const std::string& dir = {});

/// How a program ended: `code` for a normal exit, `signal` when a signal
/// ended it.
struct process_exit {
  int code = -1;
  int signal = 0;

  /// "exit code 3" or "signal 9 (Killed)".
  std::string describe() const;
};

/// One running external program (Erlang's port program): its own process
/// group, killed with SIGKILL when the node dies (PR_SET_PDEATHSIG on the
/// thread that forked it, which lives until the program is reaped), stdout
/// and stderr read line by line on that thread. The thread also reaps the
/// program and reports its exit; it never touches an actor's state.
class child_process {
public:
  /// Called on the reader thread for each line (without the newline);
  /// `from_stderr` tells the streams apart. Lines over 4 KiB are split.
  using line_handler = std::function<void(bool from_stderr, const std::string& line)>;
  /// Called once on the reader thread after the program was reaped.
  using exit_handler = std::function<void(const process_exit&)>;

  /// Starts the program; an error text if it could not be started (the
  /// program missing or not executable, a bad working directory).
  static std::variant<std::unique_ptr<child_process>, std::string>
  start(const process_options& options, line_handler on_line, exit_handler on_exit);

  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// Kills the process group (SIGKILL) if the program still runs and waits
  /// for the reader thread.
  ~child_process();

  pid_t pid() const {
    return pid_;
  }

  bool running() const {
    return !reaped_.load();
  }

  /// Sends `sig` to the program's process group; false once it was reaped.
  bool signal_group(int sig);

private:
  child_process() = default;

  void run(const process_options& options, std::promise<std::string>& started);

  pid_t pid_ = -1;
  std::atomic<bool> reaped_{false};
  line_handler on_line_;
  exit_handler on_exit_;
  std::thread thread_;
};

} // namespace lume

#include "actors/port/child_process.hpp"

#include <cerrno>
#include <cstdlib>
#include <csignal>
#include <cstring>
#include <future>
#include <map>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace lume {

namespace {

constexpr size_t max_line = 4096;

std::string errno_text(const char* what, int err) {
  return std::string{what} + ": " + std::strerror(err);
}

} // namespace

std::variant<std::string, std::string> find_program(const std::string& name,
                                                    const std::string& dir) {
  if (name.empty())
    return std::variant<std::string, std::string>{std::in_place_index<1>, "empty command"};
  if (name.find('/') != std::string::npos) {
    std::string path = name;
    if (name.front() != '/') {
      char cwd[4096];
      if (!dir.empty() && dir.front() == '/')
        path = dir + "/" + name;
      else if (getcwd(cwd, sizeof(cwd)))
        path = std::string{cwd} + "/" + (dir.empty() ? name : dir + "/" + name);
    }
    if (access(path.c_str(), X_OK) != 0)
      return std::variant<std::string, std::string>{std::in_place_index<1>,
                                                    errno_text(path.c_str(), errno)};
    return std::variant<std::string, std::string>{std::in_place_index<0>, path};
  }
  const char* path_env = getenv("PATH");
  std::string dirs = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  size_t begin = 0;
  while (begin <= dirs.size()) {
    auto end = dirs.find(':', begin);
    if (end == std::string::npos)
      end = dirs.size();
    auto dir = dirs.substr(begin, end - begin);
    auto candidate = (dir.empty() ? std::string{"."} : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0)
      return std::variant<std::string, std::string>{std::in_place_index<0>, candidate};
    begin = end + 1;
  }
  return std::variant<std::string, std::string>{std::in_place_index<1>,
                                                name + ": not found in PATH"};
}

namespace {

std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::map<std::string, std::string> vars;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string text{*entry};
    vars[text.substr(0, text.find('='))] = text;
  }
  for (auto& text : extra)
    vars[text.substr(0, text.find('='))] = text;
  std::vector<std::string> result;
  for (auto& [key, text] : vars)
    result.push_back(text);
  return result;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& s : strings)
    result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

/// The highest descriptor number a process may have, plus one (read before
/// fork: the child may only make async-signal-safe calls).
int descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY
      || limit.rlim_cur > 1u << 20)
    return 1 << 20;
  return static_cast<int>(limit.rlim_cur);
}

/// In a forked child: closes every descriptor from 3 on but `keep`, with
/// close_range (Linux 5.9), else one by one below `open_max`.
void close_descriptors_from_3_but(int keep, int open_max) {
  const bool ranges_closed = (keep == 3 || close_range(3, keep - 1, 0) == 0)
                             && close_range(keep + 1, ~0u, 0) == 0;
  if (ranges_closed)
    return;
  for (int fd = 3; fd < open_max; ++fd)
    if (fd != keep)
      close(fd);
}

/// Splits what arrived on one stream into lines.
struct line_buffer {
  std::string pending;

  template <class Emit>
  void feed(const char* data, size_t size, Emit emit) {
    pending.append(data, size);
    size_t start = 0;
    for (;;) {
      auto newline = pending.find('\n', start);
      if (newline == std::string::npos) {
        if (pending.size() - start >= max_line) {
          emit(pending.substr(start, max_line));
          start += max_line;
          continue;
        }
        break;
      }
      emit(pending.substr(start, newline - start));
      start = newline + 1;
    }
    pending.erase(0, start);
  }

  template <class Emit>
  void flush(Emit emit) {
    if (!pending.empty())
      emit(pending);
    pending.clear();
  }
};

} // namespace

std::string process_exit::describe() const {
  if (signal != 0) {
    auto name = strsignal(signal);
    return "signal " + std::to_string(signal) + " (" + (name ? name : "?") + ")";
  }
  return "exit code " + std::to_string(code);
}

std::variant<std::unique_ptr<child_process>, std::string>
child_process::start(const process_options& options, line_handler on_line,
                     exit_handler on_exit) {
  std::unique_ptr<child_process> child{new child_process};
  child->on_line_ = std::move(on_line);
  child->on_exit_ = std::move(on_exit);
  std::promise<std::string> started;
  auto outcome = started.get_future();
  // The thread forks: PR_SET_PDEATHSIG fires when the forking thread ends,
  // and this one lives until the program is reaped.
  // The thread owns the promise: set_value may still be finishing when
  // start() returns.
  child->thread_ = std::thread{[raw = child.get(), options, started = std::move(started)]() mutable {
    raw->run(options, started);
  }};
  auto error = outcome.get();
  if (!error.empty()) {
    child->thread_.join();
    return error;
  }
  return child;
}

child_process::~child_process() {
  signal_group(SIGKILL);
  if (thread_.joinable())
    thread_.join();
}

bool child_process::signal_group(int sig) {
  if (pid_ <= 0 || reaped_.load())
    return false;
  return kill(-pid_, sig) == 0;
}

void child_process::run(const process_options& options, std::promise<std::string>& started) {
  auto program = find_program(options.argv.empty() ? std::string{} : options.argv.front());
  if (program.index() == 1) {
    started.set_value(std::get<1>(program));
    return;
  }
  auto argv_strings = options.argv;
  auto env_strings = merged_environment(options.env);
  auto argv = c_strings(argv_strings);
  auto envp = c_strings(env_strings);
  auto path = std::get<0>(program);
  int out[2], err[2], report[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0) {
    started.set_value(errno_text("pipe", errno));
    return;
  }
  int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int open_max = descriptor_limit();
  auto parent = getpid();
  auto pid = fork();
  if (pid < 0) {
    started.set_value(errno_text("fork", errno));
    return;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
      _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP})
      signal(sig, SIG_DFL);
    dup2(null_in, 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    // Nothing else of the node goes with the program: a BASP, bus or
    // inspection socket it held would outlive a killed node, so that its
    // peers saw the connection close only once the program had ended, and
    // a restarted node could not listen on its port. The report pipe stays
    // (close-on-exec) for an exec failure.
    close_descriptors_from_3_but(report[1], open_max);
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) {
      int code = errno;
      (void) !write(report[1], &code, sizeof(code));
      _exit(127);
    }
    execve(path.c_str(), argv.data(), envp.data());
    int code = errno;
    (void) !write(report[1], &code, sizeof(code));
    _exit(127);
  }
  // Both sides set the group, so no signal races the child's own setpgid.
  setpgid(pid, pid);
  pid_ = pid;
  close(out[1]);
  close(err[1]);
  close(report[1]);
  if (null_in >= 0)
    close(null_in);
  int exec_errno = 0;
  auto n = read(report[0], &exec_errno, sizeof(exec_errno));
  close(report[0]);
  if (n == static_cast<ssize_t>(sizeof(exec_errno))) {
    int status = 0;
    waitpid(pid, &status, 0);
    reaped_ = true;
    close(out[0]);
    close(err[0]);
    started.set_value(errno_text(options.cwd.empty() || exec_errno != ENOENT
                                   ? path.c_str()
                                   : ("cwd " + options.cwd).c_str(),
                                 exec_errno));
    return;
  }
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  started.set_value({});
  for (int fd : {out[0], err[0]})
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  line_buffer buffers[2];
  pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {pidfd, POLLIN, 0}};
  auto drain = [&](int index) {
    char chunk[8192];
    for (;;) {
      auto got = read(fds[index].fd, chunk, sizeof(chunk));
      if (got > 0) {
        buffers[index].feed(chunk, static_cast<size_t>(got), [&](const std::string& line) {
          on_line_(index == 1, line);
        });
        continue;
      }
      if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(fds[index].fd);
        fds[index].fd = -1;
      }
      if (got < 0 && errno == EINTR)
        continue;
      return;
    }
  };
  process_exit result;
  for (;;) {
    // Without a pidfd (old kernels), the pipes' end marks the exit.
    if (pidfd < 0 && fds[0].fd < 0 && fds[1].fd < 0)
      break;
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (int index : {0, 1})
      if (fds[index].fd >= 0 && (fds[index].revents & (POLLIN | POLLHUP | POLLERR)))
        drain(index);
    if (pidfd >= 0 && (fds[2].revents & POLLIN))
      break;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  // What the program's own children left behind goes with it.
  kill(-pid, SIGKILL);
  if (WIFSIGNALED(status))
    result.signal = WTERMSIG(status);
  else
    result.code = WEXITSTATUS(status);
  for (int index : {0, 1}) {
    if (fds[index].fd >= 0)
      drain(index);
    buffers[index].flush([&](const std::string& line) { on_line_(index == 1, line); });
    if (fds[index].fd >= 0)
      close(fds[index].fd);
  }
  if (pidfd >= 0)
    close(pidfd);
  on_exit_(result);
}

} // namespace lume

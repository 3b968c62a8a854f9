#include "tests/sensing/node_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <stdexcept>
#include <sstream>
#include <string>
#include <thread>

#include <boost/json.hpp>

namespace lume::test {

/// CPU time (user + system) of `pid`, seconds.
double cpu_seconds(int pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/stat"};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields{text.substr(text.rfind(')') + 2)};
  std::string x;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15; ++i) {
    fields >> x;
    if (i == 14)
      utime = std::stod(x);
    if (i == 15)
      stime = std::stod(x);
  }
  return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

/// A field of /proc/PID/status in kB.
long status_kb(int pid, const std::string& key) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/status"};
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + ":", 0) == 0)
      return std::stol(line.substr(key.size() + 1));
  return -1;
}

namespace {

/// Whether `port` on 127.0.0.1 can be bound with socket type `type` now.
bool bindable(int type, std::uint16_t port) {
  int fd = ::socket(AF_INET, type, 0);
  if (fd < 0)
    return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

} // namespace

// A port 0 handed out and closed lies in the ephemeral range, where the next
// outgoing connection of any process may take it before the node binds it.
// The ports here come from just below that range (tests/lib/free_port.py).
std::uint16_t free_port() {
  int high = 32768;
  std::ifstream range{"/proc/sys/net/ipv4/ip_local_port_range"};
  if (int first = 0; range >> first && first > 1024)
    high = first;
  int low = std::max(1024, high - 12000);
  std::random_device seed;
  std::mt19937 random{seed()};
  std::uniform_int_distribution<int> pick{low, high - 1};
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto port = static_cast<std::uint16_t>(pick(random));
    if (bindable(SOCK_STREAM, port) && bindable(SOCK_DGRAM, port))
      return port;
  }
  throw std::runtime_error("no free loopback port below the ephemeral range");
}

node_process::node_process(const std::string& lume_node, const std::string& config,
                           const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0)
    return;
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    std::vector<std::string> argv_strings{lume_node, "--config", config};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings)
      argv.push_back(s.data());
    argv.push_back(nullptr);
    ::execv(lume_node.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  stdout_fd_ = pipe_fds[0];
}

node_process::~node_process() {
  if (pid_ > 0)
    stop();
  if (stdout_fd_ >= 0)
    ::close(stdout_fd_);
}

bool node_process::started() {
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{stdout_fd_, POLLIN, 0};
    if (::poll(&fd, 1, 100) <= 0)
      continue;
    char buffer[256];
    auto n = ::read(stdout_fd_, buffer, sizeof(buffer));
    if (n <= 0)
      return false;
    seen.append(buffer, static_cast<std::size_t>(n));
    if (seen.find("inspection on") != std::string::npos)
      return true;
  }
  return false;
}

boost::json::value node_process::command(std::uint16_t inspect_port, const std::string& line) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(inspect_port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return nullptr;
  }
  auto request = line + "\n";
  [[maybe_unused]] auto sent = ::write(fd, request.data(), request.size());
  std::string answer;
  char buffer[4096];
  while (answer.find('\n') == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 2000) <= 0)
      break;
    auto n = ::read(fd, buffer, sizeof(buffer));
    if (n <= 0)
      break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  boost::system::error_code err;
  auto parsed = boost::json::parse(answer.substr(0, answer.find('\n')), err);
  if (err || !parsed.is_object() || !parsed.as_object().at("ok").as_bool())
    return nullptr;
  return parsed.as_object().at("data");
}

bool node_process::running(std::uint16_t inspect_port, const std::string& name) {
  for (int i = 0; i < 200; ++i) {
    if (command(inspect_port, "inspect " + name).is_object())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  return false;
}

int node_process::stop() {
  if (pid_ <= 0)
    return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string mocopi_to_osc_config(const std::string& node, std::uint16_t inspect_port,
                                 std::uint16_t mocopi_port, const std::string& osc_target,
                                 const std::string& params) {
  return R"([lume]
node = ")" + node + R"("
inspect-port = )" + std::to_string(inspect_port) + R"(
actors = [
  { name = "root", kind = "supervisor" },
  { name = "mocopi", kind = "mocopi", supervisor = "root",
    options = { address = "127.0.0.1", port = )" + std::to_string(mocopi_port) + R"(, subscribers = ["motion-features"] } },
  { name = "motion-features", kind = "motion-features", supervisor = "root", options = { subscribers = ["mapper"] } },
  { name = "mapper", kind = "mapper", supervisor = "root",
    options = { targets = [")" + osc_target + R"("], rate = 50, params = )" + params + R"( } },
]
)";
}

} // namespace lume::test

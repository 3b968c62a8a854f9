#include "tests/inference/model_server.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace lume::test {

namespace http = boost::beast::http;

std::string source_dir() {
  if (auto dir = std::getenv("LUME_SOURCE_DIR"))
    return dir;
  return ".";
}

model_server::model_server(const std::string& source_dir, const std::vector<std::string>& flags,
                           std::uint16_t port) {
  int fds[2];
  if (::pipe(fds) != 0)
    return;
  pid_ = ::fork();
  if (pid_ == 0) {
    // A test that aborts takes its server along.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<std::string> args{"node", source_dir + "/tools/inference-server/server.mjs",
                                  "--host", "127.0.0.1", "--port", std::to_string(port), "--control"};
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<char*> argv;
    for (auto& x : args)
      argv.push_back(x.data());
    argv.push_back(nullptr);
    ::execvp("node", argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{90};
  const std::string marker = "listening on http://127.0.0.1:";
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0)
      continue;
    char buffer[512];
    auto n = ::read(fds[0], buffer, sizeof(buffer));
    if (n <= 0)
      break;
    seen.append(buffer, static_cast<std::size_t>(n));
    if (auto at = seen.find(marker); at != std::string::npos && seen.find(' ', at + marker.size()) != std::string::npos) {
      port_ = static_cast<std::uint16_t>(std::atoi(seen.c_str() + at + marker.size()));
      break;
    }
  }
  ::close(fds[0]);
}

model_server::~model_server() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

void model_server::kill() {
  if (pid_ <= 0)
    return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

boost::json::value model_server::faults(const std::string& changes) {
  try {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket{io};
    boost::asio::ip::tcp::resolver resolver{io};
    boost::asio::connect(socket, resolver.resolve("127.0.0.1", std::to_string(port_)));
    http::request<http::string_body> request{http::verb::post, "/lume/faults", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    request.body() = changes;
    request.prepare_payload();
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    if (response.result_int() != 200)
      return nullptr;
    return boost::json::parse(response.body());
  } catch (const std::exception&) {
    return nullptr;
  }
}

boost::json::value model_server::counters() {
  auto answer = faults();
  return answer.is_object() ? answer.as_object().at("counters") : boost::json::value{};
}

} // namespace lume::test

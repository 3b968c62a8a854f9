#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

/// Test support: tools/inference-server as a child process on 127.0.0.1.
namespace lume::test {

/// The Node model server, started with `--control` and `flags`,
/// stopped with SIGTERM when destroyed.
class model_server {
public:
  /// `source_dir` is the checkout (tools/inference-server lives there);
  /// `port` 0 takes a free one.
  model_server(const std::string& source_dir, const std::vector<std::string>& flags = {},
               std::uint16_t port = 0);
  ~model_server();
  model_server(const model_server&) = delete;
  model_server& operator=(const model_server&) = delete;

  /// The port it listens on; 0 if it did not start within 90 s (a loaded box).
  std::uint16_t port() const {
    return port_;
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }

  /// POST /lume/faults with `changes` (a JSON object); the answer
  /// `{faults, counters}` (null on failure).
  boost::json::value faults(const std::string& changes = "{}");

  /// The server's counters: jobs, interrupted, failed, hung, malformed, oversize.
  boost::json::value counters();

  /// SIGKILL: the server is gone at once.
  void kill();

private:
  int pid_ = -1;
  std::uint16_t port_ = 0;
};

/// The path of the checkout, from the test's first argument or the
/// LUME_SOURCE_DIR environment variable.
std::string source_dir();

} // namespace lume::test

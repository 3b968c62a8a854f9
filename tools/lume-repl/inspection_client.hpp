#pragma once

#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/object.hpp>

namespace lume::repl {

/// An inspection service's "host:port", split.
struct endpoint {
  std::string node;
  std::string host;
  std::string port;

  std::string text() const { return host + ':' + port; }
};

/// A connection to one node's inspection service that moves to another
/// node of the mesh when its node goes away: it learns every node's
/// inspection address from `nodes` (refresh_mesh) and, when a command
/// finds the connection closed, tries the others in turn and says so.
class inspection_client {
public:
  /// Connects to `first`; with a `token`, authenticates every connection
  /// it makes (`auth TOKEN`), and throws if the first node refuses it.
  explicit inspection_client(endpoint first, std::string token = {});

  /// Whether a token was given (commands that change anything may run).
  bool has_token() const { return !token_.empty(); }

  /// Sends one command line, answers its JSON response; reconnects and
  /// repeats the command once if the node went away. Throws when no node
  /// of the mesh answers.
  boost::json::object ask(const std::string& line);

  /// Re-reads the mesh's inspection addresses (`nodes`).
  void refresh_mesh();

  /// The node and address currently connected.
  const endpoint& current() const { return current_; }

private:
  void connect(const endpoint& to);
  /// Sends `auth TOKEN`; the node's error if it refuses.
  std::string authenticate();
  boost::json::object exchange(const std::string& line);
  /// Connects to another known node; false when none answers.
  bool fail_over();

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string buffer_;
  endpoint current_;
  std::string token_;
  /// Every node's inspection address, as of the last `nodes`.
  std::vector<endpoint> mesh_;
};

/// Splits "HOST:PORT"; false if there is no port.
bool parse_endpoint(const std::string& text, endpoint& out);

} // namespace lume::repl

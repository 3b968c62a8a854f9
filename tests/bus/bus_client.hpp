#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

/// Test support: blocking HTTP/1.1 and WebSocket clients of the bus on
/// 127.0.0.1 (Boost.Beast, compiled in bus_client.cpp only).
namespace lume::test {

struct http_reply {
  /// 0 if no answer arrived.
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

/// One request on a fresh connection; `token` adds `Authorization: Bearer`.
http_reply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body = {}, const std::string& token = {});

/// Sends `bytes` as they are and reads one HTTP response.
http_reply raw_request(std::uint16_t port, const std::string& bytes);

/// A WebSocket client of one hub.
class ws_client {
public:
  /// Connects and upgrades; `receive_buffer` (bytes, 0 = default) shrinks
  /// the kernel's receive buffer before connecting (a slow client).
  ws_client(std::uint16_t port, const std::string& path, int receive_buffer = 0);
  ~ws_client();
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  bool connected() const;
  /// The upgrade's refusal (status and body) when not connected.
  http_reply refusal() const;

  /// The next message, or nullopt after `timeout` or when closed.
  std::optional<std::string> read(std::chrono::milliseconds timeout);

  /// True once the server closed the connection (reads until `timeout`).
  bool closed_by_server(std::chrono::milliseconds timeout);

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

/// A TCP connection that sends nothing (holds a connection slot).
class idle_connection {
public:
  explicit idle_connection(std::uint16_t port);
  ~idle_connection();
  idle_connection(const idle_connection&) = delete;
  idle_connection& operator=(const idle_connection&) = delete;

private:
  int fd_ = -1;
};

} // namespace lume::test

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

/// One request on a fresh connection; `token` adds `Authorization: Bearer`;
/// `from` is the client's own address (any 127.x.y.z: one client address each).
http_reply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body = {}, const std::string& token = {},
                        const std::string& from = "127.0.0.1");

/// `sent_us` of a hub message, read without parsing the rest (0 if none).
std::int64_t sent_us_of(const std::string& text);

/// Sends `bytes` as they are and reads one HTTP response.
http_reply raw_request(std::uint16_t port, const std::string& bytes);

/// A WebSocket client of one hub.
class ws_client {
public:
  /// Connects from `from` and upgrades; `receive_buffer` (bytes, 0 =
  /// default) shrinks the kernel's receive buffer before connecting (a slow client).
  ws_client(std::uint16_t port, const std::string& path, int receive_buffer = 0,
            const std::string& from = "127.0.0.1");
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

  /// Sends one text message; false once the connection is gone.
  bool write(const std::string& text);

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

/// A TCP connection from `from` that sends bytes as told (half a request,
/// a stalled body) and notices when the server closes it.
class raw_connection {
public:
  raw_connection(std::uint16_t port, const std::string& from = "127.0.0.1");
  ~raw_connection();
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  bool connected() const { return fd_ >= 0; }
  /// False if the connection is gone.
  bool send(const std::string& bytes);
  /// True once the server closed the connection within `timeout`; what it
  /// sent before is in `received`.
  bool closed_by_server(std::chrono::milliseconds timeout);
  const std::string& received() const { return received_; }

private:
  int fd_ = -1;
  std::string received_;
};

} // namespace lume::test

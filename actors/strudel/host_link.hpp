#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "system/clock/beat_clock.hpp"

namespace lume {

/// The bridge's WebSocket client to the Strudel host (`ws://HOST:PORT/bridge`),
/// on an io_context thread of its own: no CAF worker waits on the socket.
/// It connects, reconnects with a doubling backoff, writes what the actor
/// queues, answers the host's pings itself (so the round trip the host
/// measures is not stretched by an actor hop) and hands every other message
/// to the actor. Messages queued while disconnected are dropped: after each
/// connect the actor sends everything again.
class host_link {
public:
  struct handlers {
    /// "connected", or "disconnected" with the reason (on the io thread).
    std::function<void(const std::string& event, const std::string& detail)> status;
    /// A text message of the host other than a ping (on the io thread).
    std::function<void(std::string text)> message;
  };

  /// Renders a message when it is written (so a clock message samples the
  /// clock at send time).
  using producer = std::function<std::string()>;

  host_link(std::string host, std::string port, std::shared_ptr<beat_clock> clock,
            std::chrono::milliseconds retry, std::chrono::milliseconds retry_max,
            handlers on);

  host_link(const host_link&) = delete;
  host_link& operator=(const host_link&) = delete;

  /// Closes the connection and joins the io thread.
  ~host_link();

  /// Queues a message (dropped while disconnected; false if dropped).
  void send(producer make);

  /// Counters, readable from any thread.
  struct counters {
    std::atomic<uint64_t> connects{0};
    std::atomic<uint64_t> connect_failures{0};
    std::atomic<uint64_t> written{0};
    std::atomic<uint64_t> dropped{0};
    std::atomic<uint64_t> pings{0};
  };
  const counters& stats() const {
    return stats_;
  }

private:
  void connect();
  void fail(const std::string& what);
  void read();
  void write_next();
  void answer_ping(const std::string& text);

  using socket = boost::beast::websocket::stream<boost::beast::tcp_stream>;

  std::string host_;
  std::string port_;
  std::shared_ptr<beat_clock> clock_;
  std::chrono::milliseconds retry_;
  std::chrono::milliseconds retry_max_;
  std::chrono::milliseconds backoff_;
  handlers on_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::resolver resolver_{io_};
  boost::asio::steady_timer timer_{io_};
  std::optional<socket> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<producer> queue_;
  std::string writing_;
  bool open_ = false;
  bool stopping_ = false;
  /// Bumped per connection attempt: handlers of an old socket do nothing.
  uint64_t generation_ = 0;
  counters stats_;
  std::thread thread_;
};

} // namespace lume

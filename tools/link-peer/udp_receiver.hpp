#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

/// Receives UDP datagrams on 127.0.0.1:PORT on a thread of its own and hands
/// each to a callback right after it arrives (link-peer stamps it there).
class udp_receiver {
public:
  using handler = std::function<void(const unsigned char* data, std::size_t size)>;

  /// Binds the port; `error()` says why when that failed (no thread then).
  udp_receiver(uint16_t port, handler on_datagram);

  /// Stops and joins the thread (within its 100 ms poll).
  ~udp_receiver();

  udp_receiver(const udp_receiver&) = delete;
  udp_receiver& operator=(const udp_receiver&) = delete;

  const std::string& error() const {
    return error_;
  }

private:
  void run();

  int fd_ = -1;
  handler on_datagram_;
  std::string error_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

#include "udp_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

udp_receiver::udp_receiver(uint16_t port, handler on_datagram)
  : on_datagram_(std::move(on_datagram)) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd_ < 0) {
    error_ = std::string{"socket: "} + std::strerror(errno);
    return;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    error_ = "bind 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    return;
  }
  thread_ = std::thread{[this] { run(); }};
}

udp_receiver::~udp_receiver() {
  stop_ = true;
  if (thread_.joinable())
    thread_.join();
  if (fd_ >= 0)
    ::close(fd_);
}

void udp_receiver::run() {
  unsigned char buffer[65536];
  pollfd waiting{fd_, POLLIN, 0};
  while (!stop_) {
    if (::poll(&waiting, 1, 100) <= 0)
      continue;
    const auto n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n > 0)
      on_datagram_(buffer, static_cast<std::size_t>(n));
  }
}

#include "actors/sim/udp_out.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace lume::sim {

namespace {

/// Send buffer asked for (the kernel caps it at net.core.wmem_max): a whole
/// depth frame fits, bytes.
constexpr int send_buffer_bytes = 1 << 20;

} // namespace

std::variant<udp_out, std::string> udp_out::open(const endpoint& to) {
  udp_out out;
  out.fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (out.fd_ < 0)
    return std::string("cannot open a UDP socket: ") + std::strerror(errno);
  const timeval timeout{0, 100'000};
  ::setsockopt(out.fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  ::setsockopt(out.fd_, SOL_SOCKET, SO_SNDBUF, &send_buffer_bytes, sizeof send_buffer_bytes);
  if (::connect(out.fd_, reinterpret_cast<const sockaddr*>(&to.address), sizeof to.address) != 0)
    return "cannot send to " + to.text + ": " + std::strerror(errno);
  return out;
}

udp_out::udp_out(udp_out&& other) noexcept
  : fd_(std::exchange(other.fd_, -1)),
    datagrams_(other.datagrams_),
    bytes_(other.bytes_),
    send_failures_(other.send_failures_) {}

udp_out& udp_out::operator=(udp_out&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    datagrams_ = other.datagrams_;
    bytes_ = other.bytes_;
    send_failures_ = other.send_failures_;
  }
  return *this;
}

udp_out::~udp_out() {
  if (fd_ >= 0)
    ::close(fd_);
}

void udp_out::send(const std::uint8_t* data, std::size_t size) {
  auto sent = ::send(fd_, data, size, MSG_NOSIGNAL);
  // An ICMP error caused by an earlier datagram is reported by this send,
  // which then did not go out: try once more.
  if (sent < 0 && errno == ECONNREFUSED)
    sent = ::send(fd_, data, size, MSG_NOSIGNAL);
  if (sent == static_cast<ssize_t>(size)) {
    ++datagrams_;
    bytes_ += size;
  } else {
    ++send_failures_;
  }
}

} // namespace lume::sim

#include "net/udp_sender.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <utility>

namespace lume::net {

udp_sender::udp_sender(udp_sender&& other) noexcept
  : fd_(std::exchange(other.fd_, -1)),
    error_(std::exchange(other.error_, 0)),
    endpoint_(std::move(other.endpoint_)) {
}

udp_sender& udp_sender::operator=(udp_sender&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    error_ = std::exchange(other.error_, 0);
    endpoint_ = std::move(other.endpoint_);
  }
  return *this;
}

udp_sender::~udp_sender() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::variant<udp_sender, std::string> udp_sender::open(const std::string& endpoint) {
  auto colon = endpoint.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == endpoint.size())
    return "expected host:port, got '" + endpoint + "'";
  auto host = endpoint.substr(0, colon);
  auto port = endpoint.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (auto rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return "cannot resolve '" + endpoint + "': " + ::gai_strerror(rc);
  udp_sender result;
  result.endpoint_ = endpoint;
  result.fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (result.fd_ < 0 || ::connect(result.fd_, found->ai_addr, found->ai_addrlen) != 0) {
    ::freeaddrinfo(found);
    return "cannot open a UDP socket to '" + endpoint + "': " + std::strerror(errno);
  }
  ::freeaddrinfo(found);
  return result;
}

bool udp_sender::send(const void* data, size_t size) {
  if (::send(fd_, data, size, MSG_DONTWAIT) == static_cast<ssize_t>(size))
    return true;
  error_ = errno;
  return false;
}

} // namespace lume::net

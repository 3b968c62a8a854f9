#include "tests/sensing/udp_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace lume::test {

namespace {

sockaddr_in localhost(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

std::uint32_t big_endian_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

/// Reads the OSC string at `pos` (NUL-terminated, padded to 4); false if malformed.
bool osc_string(const std::uint8_t* data, std::size_t size, std::size_t& pos, std::string& out) {
  auto start = pos;
  while (pos < size && data[pos] != 0)
    ++pos;
  if (pos >= size)
    return false;
  out.assign(reinterpret_cast<const char*>(data + start), pos - start);
  pos = (pos + 4) & ~std::size_t{3};
  return pos <= size;
}

void read_message(const std::uint8_t* data, std::size_t size, std::map<std::string, float>& out) {
  std::size_t pos = 0;
  std::string address;
  std::string types;
  if (!osc_string(data, size, pos, address) || !osc_string(data, size, pos, types))
    return;
  const std::string prefix = "/lume/param/";
  if (address.rfind(prefix, 0) != 0 || types != ",f" || pos + 4 > size)
    return;
  auto bits = big_endian_u32(data + pos);
  float value;
  std::memcpy(&value, &bits, 4);
  out[address.substr(prefix.size())] = value;
}

} // namespace

udp_listener::udp_listener() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  auto addr = localhost(0);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0)
    throw std::runtime_error("cannot bind a UDP socket on 127.0.0.1");
  int size = 4 << 20;
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  socklen_t len = sizeof(addr);
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
}

udp_listener::~udp_listener() {
  ::close(fd_);
}

std::optional<std::vector<std::uint8_t>> udp_listener::receive(std::chrono::milliseconds timeout) {
  pollfd fd{fd_, POLLIN, 0};
  if (::poll(&fd, 1, static_cast<int>(timeout.count())) <= 0)
    return std::nullopt;
  std::vector<std::uint8_t> buffer(65536);
  auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
  if (n < 0)
    return std::nullopt;
  buffer.resize(static_cast<std::size_t>(n));
  return buffer;
}

std::map<std::string, float> osc_params(const std::vector<std::uint8_t>& datagram) {
  std::map<std::string, float> result;
  const auto* data = datagram.data();
  const auto size = datagram.size();
  static const char bundle[] = "#bundle";
  if (size >= 16 && std::memcmp(data, bundle, 8) == 0) {
    for (std::size_t pos = 16; pos + 4 <= size;) {
      auto length = big_endian_u32(data + pos);
      pos += 4;
      if (pos + length > size)
        break;
      read_message(data + pos, length, result);
      pos += length;
    }
  } else {
    read_message(data, size, result);
  }
  return result;
}

void send_to_localhost(std::uint16_t port, const std::uint8_t* data, std::size_t size) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  auto addr = localhost(port);
  ::sendto(fd, data, size, 0, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  ::close(fd);
}

} // namespace lume::test

#include "tools/lume-sim/recorder.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>
#include <vector>

#include <poll.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "actors/sim/endpoint.hpp"

namespace lume::sim {

namespace {

using clock = std::chrono::steady_clock;

constexpr int receive_buffer_bytes = 8 << 20;
constexpr int poll_slice_ms = 50;
/// Holds any UDP payload over IPv4 (at most 65507 bytes).
constexpr std::size_t datagram_capacity = 65536;

/// Outcome of a non-blocking receive.
struct received {
  bool got = false;    ///< a datagram of `size` bytes was read
  bool failed = false; ///< the socket failed (errno tells why)
  std::size_t size = 0;
  clock::time_point arrival; ///< when the kernel queued it, on the steady clock
};

/// The steady-clock time of a kernel receive timestamp (CLOCK_REALTIME):
/// now minus the datagram's age, so the realtime clock is only used to
/// measure a short interval.
clock::time_point arrival_of(const timespec& stamp, clock::time_point steady_now) {
  timespec real_now{};
  ::clock_gettime(CLOCK_REALTIME, &real_now);
  const auto age = std::chrono::seconds(real_now.tv_sec - stamp.tv_sec)
                   + std::chrono::nanoseconds(real_now.tv_nsec - stamp.tv_nsec);
  return steady_now - std::max<clock::duration>(clock::duration::zero(), age);
}

/// Receives one datagram without blocking, with its kernel arrival time;
/// updates `drops` from the SO_RXQ_OVFL counter the kernel attaches to it.
received receive(int fd, std::uint8_t* data, std::size_t capacity, std::uint32_t& drops) {
  iovec io{data, capacity};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(std::uint32_t)) + CMSG_SPACE(sizeof(timespec))];
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  const ssize_t n = ::recvmsg(fd, &message, MSG_DONTWAIT);
  const auto now = clock::now();
  if (n < 0)
    return {false, errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR, 0, now};
  received r{true, false, static_cast<std::size_t>(n), now};
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
    if (c->cmsg_level != SOL_SOCKET)
      continue;
    if (c->cmsg_type == SO_RXQ_OVFL) {
      std::memcpy(&drops, CMSG_DATA(c), sizeof drops);
    } else if (c->cmsg_type == SCM_TIMESTAMPNS) {
      timespec stamp{};
      std::memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
      r.arrival = arrival_of(stamp, now);
    }
  }
  return r;
}

} // namespace

std::variant<recorder, std::string> recorder::open(const std::string& bind_address,
                                                   std::uint16_t port) {
  auto resolved = resolve_endpoint(bind_address, port);
  if (auto* error = std::get_if<std::string>(&resolved))
    return *error;
  const auto& where = std::get<endpoint>(resolved);
  recorder r;
  r.fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (r.fd_ < 0)
    return std::string("cannot open a UDP socket: ") + std::strerror(errno);
  const int on = 1;
  ::setsockopt(r.fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof receive_buffer_bytes);
  ::setsockopt(r.fd_, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof on);
  ::setsockopt(r.fd_, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
  if (::bind(r.fd_, reinterpret_cast<const sockaddr*>(&where.address), sizeof where.address) != 0)
    return "cannot bind " + where.text + ": " + std::strerror(errno);
  sockaddr_in bound{};
  socklen_t length = sizeof bound;
  ::getsockname(r.fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  r.port_ = ntohs(bound.sin_port);
  return r;
}

recorder::recorder(recorder&& other) noexcept
  : fd_(std::exchange(other.fd_, -1)), port_(other.port_) {}

recorder& recorder::operator=(recorder&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    port_ = other.port_;
  }
  return *this;
}

recorder::~recorder() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::variant<record_run, std::string> recorder::run(net::recording_writer& out,
                                                    std::optional<double> seconds,
                                                    const std::atomic<bool>& stop) {
  const auto start = clock::now();
  const auto end = seconds ? start + std::chrono::duration_cast<clock::duration>(
                                       std::chrono::duration<double>(*seconds))
                           : clock::time_point::max();
  std::vector<std::uint8_t> datagram(datagram_capacity);
  std::optional<clock::time_point> first;
  clock::time_point last_arrival;
  std::uint32_t drops = 0;
  record_run run;
  bool stopping = false;
  while (!stopping) {
    stopping = stop.load(std::memory_order_relaxed);
    const auto now = clock::now();
    if (now >= end)
      break;
    if (!stopping) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - now).count();
      pollfd p{fd_, POLLIN, 0};
      const int timeout = static_cast<int>(std::min<long long>(poll_slice_ms, left + 1));
      if (::poll(&p, 1, timeout) < 0 && errno != EINTR)
        return std::string("cannot receive: ") + std::strerror(errno);
    }
    // Take everything queued.
    for (;;) {
      const auto r = receive(fd_, datagram.data(), datagram.size(), drops);
      if (r.failed)
        return std::string("cannot receive: ") + std::strerror(errno);
      if (!r.got)
        break;
      if (!first)
        first = r.arrival;
      // Arrival times never go backwards, whatever the realtime clock did.
      const auto t_us = std::chrono::duration_cast<std::chrono::microseconds>(
        std::max(r.arrival, last_arrival) - *first);
      last_arrival = std::max(r.arrival, last_arrival);
      if (!out.write(static_cast<std::uint64_t>(t_us.count()), datagram.data(), r.size))
        return std::string("cannot write the recording");
      ++run.datagrams;
      run.bytes += r.size;
    }
  }
  run.kernel_drops = drops;
  run.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return run;
}

} // namespace lume::sim

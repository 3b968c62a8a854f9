#include "actors/sensors/udp_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include <boost/json.hpp>

#include "actors/sensing/hop_set.hpp"

namespace lume {

namespace {

constexpr std::size_t control_size = CMSG_SPACE(sizeof(std::uint32_t));

std::string os_error(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

} // namespace

udp_receiver::udp_receiver(const udp_receiver_config& cfg, std::shared_ptr<sensor_input> input,
                           std::shared_ptr<datagram_recorder> recorder)
  : cfg_(cfg), input_(std::move(input)), recorder_(std::move(recorder)) {
  cfg_.batch = std::max<std::size_t>(cfg_.batch, 1);
  buffers_.resize(cfg_.batch * cfg_.max_datagram);
  controls_.resize(cfg_.batch * control_size);
  msgs_.resize(cfg_.batch);
  iovs_.resize(cfg_.batch);
}

std::variant<std::unique_ptr<udp_receiver>, std::string>
udp_receiver::open(const udp_receiver_config& cfg, std::shared_ptr<sensor_input> input,
                   std::shared_ptr<datagram_recorder> recorder) {
  std::unique_ptr<udp_receiver> rx{new udp_receiver(cfg, std::move(input), std::move(recorder))};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(cfg.port);
  if (::inet_pton(AF_INET, cfg.address.c_str(), &addr.sin_addr) != 1)
    return "not an IPv4 address: '" + cfg.address + "'";
  rx->fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (rx->fd_ < 0)
    return os_error("cannot open a UDP socket");
  int size = cfg.receive_buffer;
  if (::setsockopt(rx->fd_, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0)
    ::setsockopt(rx->fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  int on = 1;
  ::setsockopt(rx->fd_, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
  if (::bind(rx->fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0)
    return os_error("cannot bind UDP " + cfg.address + ":" + std::to_string(cfg.port));
  socklen_t len = sizeof(addr);
  ::getsockname(rx->fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  rx->port_ = ntohs(addr.sin_port);
  if (!rx->stop_.valid())
    return os_error("cannot create an eventfd");
  rx->thread_ = std::thread{[r = rx.get()] { r->run(); }};
  return rx;
}

udp_receiver::~udp_receiver() {
  if (thread_.joinable()) {
    stop_.raise();
    thread_.join();
  }
  if (fd_ >= 0)
    ::close(fd_);
}

void udp_receiver::run() {
  if (!cfg_.thread_name.empty())
    ::pthread_setname_np(::pthread_self(), cfg_.thread_name.substr(0, 15).c_str());
  pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_.fd(), POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno != EINTR)
        receive_errors_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    if (fds[1].revents != 0 || stop_.raised())
      return;
    if (fds[0].revents != 0)
      take_batch();
  }
}

void udp_receiver::take_batch() {
  const std::size_t n = cfg_.batch;
  auto& msgs = msgs_;
  auto& iovs = iovs_;
  while (!stop_.raised()) {
    for (std::size_t i = 0; i < n; ++i) {
      iovs[i] = {buffers_.data() + i * cfg_.max_datagram, cfg_.max_datagram};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iovs[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_control = controls_.data() + i * control_size;
      msgs[i].msg_hdr.msg_controllen = control_size;
    }
    const int got = ::recvmmsg(fd_, msgs.data(), static_cast<unsigned>(n), MSG_DONTWAIT, nullptr);
    if (got < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        receive_errors_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    const auto received_us = host_now_us();
    for (int i = 0; i < got; ++i) {
      auto& hdr = msgs[i].msg_hdr;
      for (auto c = CMSG_FIRSTHDR(&hdr); c != nullptr; c = CMSG_NXTHDR(&hdr, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
          std::uint32_t drops = 0;
          std::memcpy(&drops, CMSG_DATA(c), sizeof(drops));
          kernel_drops_.store(drops, std::memory_order_relaxed);
        }
      }
      datagrams_.fetch_add(1, std::memory_order_relaxed);
      if ((hdr.msg_flags & MSG_TRUNC) != 0) {
        oversized_.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      bytes_.fetch_add(msgs[i].msg_len, std::memory_order_relaxed);
      if (recorder_)
        recorder_->offer(static_cast<const std::uint8_t*>(iovs[i].iov_base), msgs[i].msg_len,
                         received_us);
      input_->on_datagram(static_cast<const std::uint8_t*>(iovs[i].iov_base), msgs[i].msg_len,
                          received_us);
    }
    if (static_cast<std::size_t>(got) < n)
      return;
  }
}

boost::json::object udp_receiver::state() const {
  return {{"address", cfg_.address},
          {"port", port_},
          {"datagrams", datagrams_.load(std::memory_order_relaxed)},
          {"bytes", bytes_.load(std::memory_order_relaxed)},
          {"oversized", oversized_.load(std::memory_order_relaxed)},
          {"kernel_drops", kernel_drops_.load(std::memory_order_relaxed)},
          {"receive_errors", receive_errors_.load(std::memory_order_relaxed)}};
}

} // namespace lume

#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <sys/socket.h>

#include "actors/sensors/datagram_recorder.hpp"
#include "actors/sensors/sensor_input.hpp"
#include "actors/sensors/sensor_source.hpp"
#include "actors/sensors/stop_event.hpp"

namespace lume {

/// Settings of one UDP receive socket.
struct udp_receiver_config {
  std::string address = "0.0.0.0"; ///< IPv4 address to bind
  std::uint16_t port = 0;           ///< 0: any free port (see port())
  std::size_t max_datagram = 65536; ///< larger datagrams are counted (oversized) and dropped
  std::size_t batch = 32;           ///< datagrams taken per recvmmsg call
  int receive_buffer = 4 << 20;     ///< SO_RCVBUF request, bytes (the kernel caps it at rmem_max)
  std::string thread_name;          ///< shown by top/ps, at most 15 characters
};

/// A UDP socket with its own receive thread. The thread blocks in poll on the
/// socket and an eventfd, takes what is queued with recvmmsg into buffers
/// allocated once, and hands each datagram with its receive time (host
/// clock, once per batch) to the input, and to the recorder if given (it
/// copies only while recording). Destruction signals the eventfd and joins
/// the thread. Kernel drops come from SO_RXQ_OVFL.
class udp_receiver : public sensor_source {
public:
  /// Binds and starts the thread; an error text if the socket cannot be bound.
  static std::variant<std::unique_ptr<udp_receiver>, std::string>
  open(const udp_receiver_config& cfg, std::shared_ptr<sensor_input> input,
       std::shared_ptr<datagram_recorder> recorder = nullptr);

  ~udp_receiver() override;

  /// `{"address", "port", "datagrams", "bytes", "oversized", "kernel_drops", "receive_errors"}`.
  boost::json::object state() const override;

private:
  udp_receiver(const udp_receiver_config& cfg, std::shared_ptr<sensor_input> input,
               std::shared_ptr<datagram_recorder> recorder);

  void run();
  void take_batch();

  udp_receiver_config cfg_;
  std::shared_ptr<sensor_input> input_;
  std::shared_ptr<datagram_recorder> recorder_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::vector<std::uint8_t> buffers_;
  std::vector<std::uint8_t> controls_;
  std::vector<mmsghdr> msgs_;
  std::vector<iovec> iovs_;
  std::atomic<std::uint64_t> datagrams_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<std::uint64_t> oversized_{0};
  std::atomic<std::uint64_t> kernel_drops_{0};
  std::atomic<std::uint64_t> receive_errors_{0};
  stop_event stop_;
  std::thread thread_;
};

} // namespace lume

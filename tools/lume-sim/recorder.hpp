#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "net/recording_format.hpp"

namespace lume::sim {

/// What a recording run captured.
struct record_run {
  std::uint64_t datagrams = 0;
  std::uint64_t bytes = 0;
  std::uint64_t kernel_drops = 0; ///< datagrams the socket buffer overflowed with (SO_RXQ_OVFL)
  double seconds = 0;             ///< wall time of the run
};

/// A UDP socket bound to one IPv4 address and port that writes every
/// datagram it receives, with its arrival time, into a recording. The
/// arrival time is when the kernel queued the datagram (SO_TIMESTAMPNS,
/// carried over to the steady clock), so the recorder's own wake-up latency
/// does not show; µs since the first datagram, never decreasing. Movable,
/// not copyable.
class recorder {
public:
  /// Binds `bind_address`:`port` (port 0: any free port, see port()), with
  /// an 8 MiB receive buffer (capped by net.core.rmem_max).
  static std::variant<recorder, std::string> open(const std::string& bind_address,
                                                  std::uint16_t port);

  recorder(recorder&& other) noexcept;
  recorder& operator=(recorder&& other) noexcept;
  recorder(const recorder&) = delete;
  recorder& operator=(const recorder&) = delete;
  ~recorder();

  /// The bound port.
  std::uint16_t port() const { return port_; }

  /// Records into `out` until `stop` is set or, if given, `seconds` have
  /// passed; after a stop it still takes the datagrams already queued. An
  /// error text if receiving or writing failed.
  std::variant<record_run, std::string> run(net::recording_writer& out,
                                            std::optional<double> seconds,
                                            const std::atomic<bool>& stop);

private:
  recorder() = default;

  int fd_ = -1;
  std::uint16_t port_ = 0;
};

} // namespace lume::sim

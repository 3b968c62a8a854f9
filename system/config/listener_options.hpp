#pragma once

#include <cstdint>
#include <string>

#include <caf/config_option_adder.hpp>
#include <caf/settings.hpp>
#include <caf/timespan.hpp>

/// Options every kind that serves on a port of its own reads alike (the bus,
/// OSCQuery): where it listens, how it tries again while it cannot, and its
/// timeouts. Each reader returns an error text naming the option, empty when
/// the value is good (the kind prefixes its name, as for its other options).
namespace lume {

/// Which addresses `address` may take.
enum class address_family { ip, ipv4 };

/// Declares `retry` and `retry-max`: the waits of a listener whose port
/// cannot be bound (read by `read_retry`).
void add_listen_retry_options(caf::config_option_adder& options);

/// Reads `address` (default 127.0.0.1; an IPv4 or IPv6 address, or IPv4
/// only) and `port` (0..65535, 0 takes a free one).
std::string read_listen_address(const caf::settings& o, address_family family,
                                std::uint16_t default_port, std::string& address,
                                std::uint16_t& port);

/// Reads `retry` (positive) and `retry-max` (not shorter) into `first` and
/// `max`, which hold the defaults.
std::string read_retry(const caf::settings& o, caf::timespan& first, caf::timespan& max);

/// Reads the duration option `key` (positive) into `out`, which holds the
/// default.
std::string read_positive_duration(const caf::settings& o, const std::string& key, caf::timespan& out);

} // namespace lume

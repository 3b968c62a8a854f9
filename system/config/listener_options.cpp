#include "system/config/listener_options.hpp"

#include <arpa/inet.h>

#include <caf/make_config_option.hpp>

namespace lume {

void add_listen_retry_options(caf::config_option_adder& options) {
  options.add<caf::timespan>("retry", "first wait before listening again on a taken port (500ms)")
    .add<caf::timespan>("retry-max", "longest wait between listening attempts (5s)");
}

std::string read_listen_address(const caf::settings& o, address_family family,
                                std::uint16_t default_port, std::string& address,
                                std::uint16_t& port) {
  address = caf::get_or(o, "address", std::string{"127.0.0.1"});
  unsigned char ip[16];
  const bool v4 = ::inet_pton(AF_INET, address.c_str(), ip) == 1;
  if (family == address_family::ipv4 && !v4)
    return "option 'address': '" + address + "' is no IPv4 address";
  if (!v4 && ::inet_pton(AF_INET6, address.c_str(), ip) != 1)
    return "option 'address': '" + address + "' is no IP address";
  auto x = caf::get_or(o, "port", int64_t{default_port});
  if (x < 0 || x > 65535)
    return "option 'port': expected 0..65535";
  port = static_cast<std::uint16_t>(x);
  return {};
}

std::string read_retry(const caf::settings& o, caf::timespan& first, caf::timespan& max) {
  first = caf::get_or(o, "retry", first);
  max = caf::get_or(o, "retry-max", max);
  if (first <= caf::timespan::zero())
    return "option 'retry': must be positive";
  if (max < first)
    return "option 'retry-max': shorter than 'retry'";
  return {};
}

std::string read_positive_duration(const caf::settings& o, const std::string& key, caf::timespan& out) {
  out = caf::get_or(o, key, out);
  if (out <= caf::timespan::zero())
    return "option '" + key + "': expected a positive duration";
  return {};
}

} // namespace lume

#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <caf/expected.hpp>
#include <caf/io/middleman.hpp>

#include "system/inspect/connection_guard.hpp"
#include "system/inspect/inspector.hpp"

namespace lume {

/// The running inspection service: its broker and the ports it bound.
struct inspect_server_handle {
  caf::actor server;
  uint16_t port = 0;
  /// The read-only listener's port; 0 when there is none.
  uint16_t read_port = 0;
};

/// Serves the inspection protocol (TCP, docs/inspection.md): one command per
/// line in, one JSON line out per command, in order per connection; on
/// `status->address:port` every command (those that change anything only
/// after `auth TOKEN`, unless writes are open), on `status->read_address:
/// read_port` (if set) the read commands only. Enforces `status->limits`
/// and counts into `status->counters`. A broker: its I/O runs on the
/// middleman's multiplexer, never on a CAF worker; commands run on the
/// inspector. `status->writes` must be decided (decide_write_access) before.
/// Fills in the bound ports (useful with port 0).
caf::expected<inspect_server_handle> start_inspect_server(caf::io::middleman& mm,
                                                          std::shared_ptr<inspection_status> status,
                                                          inspector_actor inspector);

/// How `status` guards writes, from its limits' token and the main address:
/// "token", "open" (no token, loopback address) or "refused" (with why).
void decide_write_access(inspection_status& status);

/// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
bool is_loopback(const std::string& address);

} // namespace lume

#include "system/node/system_config.hpp"

#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>

#include "system/config/node_config.hpp"
#include "system/errors.hpp"
#include "system/mesh/openssl_error_queue.hpp"
#include "system/messages/type_ids.hpp"

namespace lume {

system_config::system_config() {
  add_lume_options(custom_options_);
  add_message_types<caf::id_block::lume>();
  add_error_category(caf::atom("lume"),
                     [](uint8_t code, caf::atom_value, const caf::message& context) {
                       auto text = "lume::" + to_string(static_cast<ec>(code));
                       if (context.match_elements<std::string>())
                         text += " (" + context.get_as<std::string>(0) + ")";
                       return text;
                     });
  load<caf::io::middleman>();
  // CAF 0.17 never notices a frozen peer unless BASP heartbeats are on. The
  // mesh detects failures itself within `lume.mesh.down-after`; these make
  // BASP drop a dead connection too, so that reconnecting works.
  set("middleman.heartbeat-interval", caf::timespan{std::chrono::milliseconds{100}});
  set("middleman.connection-timeout", caf::timespan{std::chrono::seconds{2}});
  // BASP decodes in the multiplexer thread: one thread hand-off less per
  // message and side (round trip 478 -> 323 us p50, lume-bench-mesh-rtt).
  set("middleman.workers", size_t{0});
  // Nodes of other protocol versions refuse each other at the handshake.
  set("middleman.app-identifiers", std::vector<std::string>{"lume-mesh-3"});
}

bool system_config::use_mesh_tls(const mesh_tls_config& tls) {
  if (!openssl_error_queue_guarded())
    return false;
  load<caf::openssl::manager>();
  // Any of these turns on CAF's authentication: SSL_VERIFY_PEER and
  // SSL_VERIFY_FAIL_IF_NO_PEER_CERT on both sides of every connection.
  openssl_cafile = tls.ca;
  openssl_certificate = tls.certificate;
  openssl_key = tls.key;
  openssl_passphrase = tls.passphrase;
  return true;
}

} // namespace lume

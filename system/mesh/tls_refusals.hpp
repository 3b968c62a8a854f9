#pragma once

#include <openssl/ssl.h>

namespace lume {

/// Remembers the address of the peer of `ssl` (once, while its socket is
/// still connected): a refused peer has often closed by the time the
/// handshake fails. Called by SSL_accept and SSL_connect before each step.
void remember_tls_peer(SSL* ssl);

/// Logs (role `mesh`) that a TLS handshake of this node failed, incoming or
/// dialed: the peer's address, the certificate it presented (subject and
/// issuer) or none, and OpenSSL's reason. Called from SSL_accept and
/// SSL_connect (openssl_error_queue.cpp) while the failure is still queued:
/// CAF closes such a connection without telling anyone (incoming), or
/// reports only `cannot_connect_to_node` (dialed, when the first step
/// fails), as for a peer that is down. At most one line per peer host and
/// reason every 10 s, counting the refusals between.
void log_refused_tls_peer(const SSL* ssl);

} // namespace lume

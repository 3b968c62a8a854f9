#pragma once

namespace lume {

/// Whether CAF's OpenSSL module calls this process's SSL_read, SSL_write,
/// SSL_accept and SSL_connect (openssl_error_queue.cpp), which empty the
/// calling thread's OpenSSL error queue before each call, as OpenSSL requires
/// of the caller and CAF 0.17.6 does not do. False only if the build failed
/// to export them from the executable: BASP over TLS then breaks after the
/// first failed TLS connection, so the node refuses to start with TLS.
bool openssl_error_queue_guarded();

} // namespace lume

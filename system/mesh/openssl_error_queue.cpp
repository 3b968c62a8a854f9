// Why this file exists: CAF 0.17.6's OpenSSL session
// (libcaf_openssl/src/openssl/session.cpp, session::do_some and
// handle_ssl_result) calls SSL_read/SSL_write/SSL_accept/SSL_connect and then
// SSL_get_error without emptying the thread's OpenSSL error queue first, and
// never empties it afterwards (its get_ssl_error() runs only inside
// CAF_LOG_INFO, compiled out in Debian's build). SSL_get_error answers
// SSL_ERROR_SSL whenever that queue holds an entry, so one failed TLS
// connection (a peer closing without close_notify, which BASP does to every
// redundant connection; a refused certificate) leaves an entry that turns the
// next SSL_ERROR_WANT_READ of every healthy connection served by the same
// multiplexer thread into a failure: CAF closes it, and every later
// connection, for good. docs/architecture.md ("Authentication and
// encryption") has the trace.
//
// The executable defines those four functions: the dynamic linker binds
// libcaf_openssl's calls to these, which empty the queue and call libssl's.
// SSL_accept and SSL_connect also log a failed handshake (tls_refusals.cpp),
// which CAF drops without a word or reports as an unreachable peer.

#include "system/mesh/openssl_error_queue.hpp"

#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <initializer_list>
#include <utility>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "system/mesh/tls_refusals.hpp"

namespace {

/// libssl's definition of `name` (the next one after this executable's).
template <class Function>
Function next_definition(const char* name) {
  auto found = dlsym(RTLD_NEXT, name);
  if (found == nullptr) {
    std::fprintf(stderr, "lume: libssl has no %s: %s\n", name, dlerror());
    std::abort();
  }
  return reinterpret_cast<Function>(found);
}

/// A handshake step failed for good (not just waiting for the socket).
/// SSL_get_error only reads the state (and the queue, emptied before the step).
bool handshake_failed(SSL* ssl, int result) {
  if (result > 0)
    return false;
  auto error = SSL_get_error(ssl, result);
  return error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE;
}

/// One step of a handshake through libssl's SSL_accept or SSL_connect,
/// with an empty queue first; a failure is logged naming the peer.
int handshake_step(SSL* ssl, int (*libssl)(SSL*)) {
  lume::remember_tls_peer(ssl);
  ERR_clear_error();
  auto result = libssl(ssl);
  if (handshake_failed(ssl, result))
    lume::log_refused_tls_peer(ssl);
  return result;
}

} // namespace

extern "C" {

int SSL_read(SSL* ssl, void* buf, int num) {
  static auto libssl = next_definition<int (*)(SSL*, void*, int)>("SSL_read");
  ERR_clear_error();
  return libssl(ssl, buf, num);
}

int SSL_write(SSL* ssl, const void* buf, int num) {
  static auto libssl = next_definition<int (*)(SSL*, const void*, int)>("SSL_write");
  ERR_clear_error();
  return libssl(ssl, buf, num);
}

int SSL_accept(SSL* ssl) {
  static auto libssl = next_definition<int (*)(SSL*)>("SSL_accept");
  return handshake_step(ssl, libssl);
}

int SSL_connect(SSL* ssl) {
  static auto libssl = next_definition<int (*)(SSL*)>("SSL_connect");
  return handshake_step(ssl, libssl);
}

} // extern "C"

namespace lume {

bool openssl_error_queue_guarded() {
  for (auto [name, ours] : {std::pair{"SSL_read", reinterpret_cast<void*>(&SSL_read)},
                            std::pair{"SSL_write", reinterpret_cast<void*>(&SSL_write)},
                            std::pair{"SSL_accept", reinterpret_cast<void*>(&SSL_accept)},
                            std::pair{"SSL_connect", reinterpret_cast<void*>(&SSL_connect)}})
    if (dlsym(RTLD_DEFAULT, name) != ours)
      return false;
  return true;
}

} // namespace lume

#include "system/mesh/tls_refusals.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "system/log/log.hpp"

namespace lume {

namespace {

using clock_type = std::chrono::steady_clock;

/// One line per host and reason this often; refusals in between are counted.
constexpr auto quiet_period = std::chrono::seconds{10};

/// Hosts and reasons kept before the old entries are dropped.
constexpr size_t max_tracked = 256;

struct recent_refusal {
  clock_type::time_point logged;
  int unlogged = 0;
};

/// The peer's host and port ("?" if the socket has none).
std::pair<std::string, uint16_t> peer_of(int fd) {
  sockaddr_storage addr{};
  socklen_t size = sizeof(addr);
  if (fd < 0 || getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &size) != 0)
    return {"?", 0};
  char host[INET6_ADDRSTRLEN] = "?";
  if (addr.ss_family == AF_INET) {
    auto v4 = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &v4->sin_addr, host, sizeof(host));
    return {host, ntohs(v4->sin_port)};
  }
  auto v6 = reinterpret_cast<const sockaddr_in6*>(&addr);
  if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr))
    inet_ntop(AF_INET, &v6->sin6_addr.s6_addr[12], host, sizeof(host));
  else
    inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof(host));
  return {host, ntohs(v6->sin6_port)};
}

/// What an SSL object keeps for its refusal line.
struct tls_peer {
  std::pair<std::string, uint16_t> address;
  /// CAF retries a failed step (read and write events): one line per connection.
  bool refused = false;
};

void free_tls_peer(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) {
  delete static_cast<tls_peer*>(ptr);
}

/// Where an SSL object keeps its tls_peer.
int tls_peer_index() {
  static int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, free_tls_peer);
  return index;
}

std::string name_text(const X509_NAME* name) {
  char text[256];
  return X509_NAME_oneline(name, text, sizeof(text)) ? text : "?";
}

/// The certificate the peer presented, or that it presented none.
std::string certificate_of(const SSL* ssl) {
  auto cert = SSL_get0_peer_certificate(ssl);
  if (cert == nullptr)
    return SSL_get_verify_result(ssl) == X509_V_OK ? "no certificate" : "certificate rejected";
  return "certificate " + name_text(X509_get_subject_name(cert)) + " issued by "
         + name_text(X509_get_issuer_name(cert));
}

/// OpenSSL's reason (the queued error, left queued) and the verification result.
std::string reason_of(const SSL* ssl) {
  auto code = ERR_peek_error();
  if (code == 0)
    return "closed during the TLS handshake";
  std::string reason = ERR_reason_error_string(code) ? ERR_reason_error_string(code)
                                                     : "handshake failed";
  if (auto verified = SSL_get_verify_result(ssl); verified != X509_V_OK)
    reason += std::string{": "} + X509_verify_cert_error_string(verified);
  return reason;
}

} // namespace

void remember_tls_peer(SSL* ssl) {
  if (SSL_get_ex_data(ssl, tls_peer_index()) != nullptr)
    return;
  auto address = peer_of(SSL_get_fd(ssl));
  if (address.second != 0)
    SSL_set_ex_data(ssl, tls_peer_index(), new tls_peer{std::move(address)});
}

void log_refused_tls_peer(const SSL* ssl) {
  static std::mutex mtx;
  static std::map<std::string, recent_refusal> recent;
  auto known = static_cast<tls_peer*>(SSL_get_ex_data(ssl, tls_peer_index()));
  if (known && known->refused)
    return;
  if (known)
    known->refused = true;
  auto [host, port] = known ? known->address : peer_of(SSL_get_fd(ssl));
  auto reason = reason_of(ssl);
  auto key = host + ' ' + reason;
  auto now = clock_type::now();
  int unlogged = 0;
  {
    std::lock_guard<std::mutex> guard{mtx};
    if (recent.size() >= max_tracked && recent.count(key) == 0)
      for (auto i = recent.begin(); i != recent.end();)
        i = now - i->second.logged >= quiet_period ? recent.erase(i) : std::next(i);
    // Still full: past this many hosts and reasons within 10 s, each refusal gets a line.
    if (recent.size() < max_tracked || recent.count(key) != 0) {
      auto [entry, fresh] = recent.try_emplace(key);
      auto& refusal = entry->second;
      if (!fresh && now - refusal.logged < quiet_period) {
        ++refusal.unlogged;
        return;
      }
      unlogged = refusal.unlogged;
      refusal = {now, 0};
    }
  }
  static auto log = role_logger("mesh");
  log->warn("mesh refused TLS peer {}:{} ({}; {}): {}{}", host, port,
            SSL_is_server(ssl) ? "incoming" : "dialed", certificate_of(ssl), reason,
            unlogged > 0 ? " (" + std::to_string(unlogged) + " more since the last line)" : "");
}

} // namespace lume

#include "system/mesh/mesh_tls.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "system/config/ini_document.hpp"

namespace lume {

namespace {

/// The oldest OpenSSL error of this thread, as text; clears the queue.
std::string openssl_error() {
  auto code = ERR_get_error();
  ERR_clear_error();
  if (code == 0)
    return "unknown OpenSSL error";
  return ERR_reason_error_string(code) ? ERR_reason_error_string(code) : "OpenSSL error";
}

/// Hands OpenSSL the configured passphrase (never prompts on a terminal).
int passphrase_of(char* buf, int size, int, void* user) {
  auto passphrase = static_cast<const std::string*>(user);
  if (passphrase->empty() || static_cast<int>(passphrase->size()) >= size)
    return 0;
  std::memcpy(buf, passphrase->data(), passphrase->size());
  return static_cast<int>(passphrase->size());
}

struct ssl_ctx_deleter {
  void operator()(SSL_CTX* ctx) const {
    SSL_CTX_free(ctx);
  }
};

struct store_ctx_deleter {
  void operator()(X509_STORE_CTX* ctx) const {
    X509_STORE_CTX_free(ctx);
  }
};

} // namespace

std::optional<config_error> check_mesh_tls(const node_config& config) {
  auto& tls = config.mesh.tls;
  if (!tls.enabled || config.mesh.port == 0)
    return std::nullopt;
  auto fail = [&](const std::string& key, const std::string& message) {
    auto qualified = "lume.mesh.tls." + key;
    int line = 0;
    if (auto doc = read_ini_document(config.file); auto ini = std::get_if<ini_document>(&doc))
      line = ini->line_of(qualified);
    return config_error{config.file, line, qualified, message};
  };
  for (auto [key, path] : {std::pair{"ca", &tls.ca}, std::pair{"certificate", &tls.certificate},
                           std::pair{"key", &tls.key}})
    if (!std::filesystem::is_regular_file(*path) || !std::ifstream{*path})
      return fail(key, "cannot read '" + *path + "' (create it with tools/lume ca / cert)");
  std::unique_ptr<SSL_CTX, ssl_ctx_deleter> ctx{SSL_CTX_new(TLS_method())};
  if (!ctx)
    return fail("ca", "cannot create an OpenSSL context: " + openssl_error());
  if (SSL_CTX_load_verify_locations(ctx.get(), tls.ca.c_str(), nullptr) != 1)
    return fail("ca", "cannot read the CA certificate '" + tls.ca + "': " + openssl_error());
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), tls.certificate.c_str()) != 1)
    return fail("certificate",
                "cannot read the certificate '" + tls.certificate + "': " + openssl_error());
  SSL_CTX_set_default_passwd_cb(ctx.get(), passphrase_of);
  SSL_CTX_set_default_passwd_cb_userdata(ctx.get(), const_cast<std::string*>(&tls.passphrase));
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), tls.key.c_str(), SSL_FILETYPE_PEM) != 1)
    return fail("key", "cannot read the private key '" + tls.key + "'"
                         + (tls.passphrase.empty() ? " (encrypted? set 'passphrase')" : "")
                         + ": " + openssl_error());
  if (SSL_CTX_check_private_key(ctx.get()) != 1)
    return fail("key", "'" + tls.key + "' is not the key of the certificate '" + tls.certificate
                         + "'");
  std::unique_ptr<X509_STORE_CTX, store_ctx_deleter> check{X509_STORE_CTX_new()};
  if (!check
      || X509_STORE_CTX_init(check.get(), SSL_CTX_get_cert_store(ctx.get()),
                             SSL_CTX_get0_certificate(ctx.get()), nullptr)
           != 1)
    return fail("certificate", "cannot check the certificate: " + openssl_error());
  if (X509_verify_cert(check.get()) != 1)
    return fail("certificate",
                "'" + tls.certificate + "' does not verify against the mesh CA '" + tls.ca
                  + "': " + X509_verify_cert_error_string(X509_STORE_CTX_get_error(check.get())));
  return std::nullopt;
}

} // namespace lume

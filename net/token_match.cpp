#include "net/token_match.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace lume::net {

bool token_matches(std::string_view expected, std::string_view given) {
  unsigned char a[SHA256_DIGEST_LENGTH];
  unsigned char b[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(expected.data()), expected.size(), a);
  SHA256(reinterpret_cast<const unsigned char*>(given.data()), given.size(), b);
  const bool same = CRYPTO_memcmp(a, b, sizeof a) == 0;
  return same && !expected.empty();
}

} // namespace lume::net

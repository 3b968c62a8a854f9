#include "system/inspect/access.hpp"

#include <algorithm>

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace lume {

const char* to_string(command_access x) {
  switch (x) {
    case command_access::read: return "read";
    case command_access::write: return "write";
    case command_access::read_bare: return "read (write with an argument)";
  }
  return "?";
}

bool writes(command_access access, const std::vector<std::string>& args) {
  switch (access) {
    case command_access::read: return false;
    case command_access::write: return true;
    case command_access::read_bare:
      return std::any_of(args.begin(), args.end(),
                         [](const std::string& x) { return x.rfind("--", 0) != 0; });
  }
  return true;
}

bool token_matches(const std::string& expected, const std::string& given) {
  unsigned char a[SHA256_DIGEST_LENGTH];
  unsigned char b[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(expected.data()), expected.size(), a);
  SHA256(reinterpret_cast<const unsigned char*>(given.data()), given.size(), b);
  const bool same = CRYPTO_memcmp(a, b, sizeof a) == 0;
  return same && !expected.empty();
}

token_bucket::token_bucket(double rate, double burst, clock::time_point now)
  : rate_(rate), burst_(burst), tokens_(burst), last_(now) {
}

bool token_bucket::take(clock::time_point now) {
  if (now > last_) {
    const std::chrono::duration<double> elapsed = now - last_;
    tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
    last_ = now;
  }
  if (tokens_ < 1)
    return false;
  tokens_ -= 1;
  return true;
}

} // namespace lume

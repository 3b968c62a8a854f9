#pragma once

#include <string_view>

namespace lume::net {

/// Whether `given` is the secret `expected` (a bearer or inspection token),
/// in time that depends on neither's content nor `expected`'s length: both
/// are hashed with SHA-256 and the digests compared with CRYPTO_memcmp. An
/// empty `expected` matches nothing.
bool token_matches(std::string_view expected, std::string_view given);

} // namespace lume::net

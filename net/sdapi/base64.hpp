#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Base64 (RFC 4648, with padding) through OpenSSL's EVP_EncodeBlock and
/// EVP_DecodeBlock.
namespace lume::net {

std::string base64_encode(const std::uint8_t* data, std::size_t size);

/// The bytes of `text`; nullopt when it is not canonical base64 (a length
/// that is no multiple of 4, a character outside the alphabet, misplaced
/// padding). A `data:...;base64,` prefix is skipped.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

} // namespace lume::net

#include "net/sdapi/base64.hpp"

#include <climits>

#include <openssl/evp.h>

namespace lume::net {

std::string base64_encode(const std::uint8_t* data, std::size_t size) {
  std::string result;
  result.resize(4 * ((size + 2) / 3));
  // EVP_EncodeBlock takes an int length: encode in slices of 3 · 2^28 bytes.
  constexpr std::size_t slice = std::size_t{3} << 28;
  std::size_t out = 0;
  for (std::size_t in = 0; in < size; in += slice) {
    auto n = std::min(slice, size - in);
    out += static_cast<std::size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(&result[out]),
                                                    data + in, static_cast<int>(n)));
  }
  result.resize(out);
  return result;
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
  if (auto comma = text.find(','); text.substr(0, 5) == "data:" && comma != text.npos)
    text.remove_prefix(comma + 1);
  if (text.size() % 4 != 0 || text.size() > static_cast<std::size_t>(INT_MAX))
    return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=')
    padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
              || c == '/';
    if (!ok)
      return std::nullopt;
  }
  std::vector<std::uint8_t> result(text.size() / 4 * 3);
  // EVP_DecodeBlock checks the alphabet too and counts padding as zero bytes.
  auto n = EVP_DecodeBlock(result.data(), reinterpret_cast<const unsigned char*>(text.data()),
                           static_cast<int>(text.size()));
  if (n < 0)
    return std::nullopt;
  result.resize(static_cast<std::size_t>(n) - padding);
  return result;
}

} // namespace lume::net

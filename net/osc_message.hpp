#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

/// Lone OSC messages of one argument, as OSCQuery reads and writes them
/// (liblo does the wire format).
namespace lume::net {

/// One decoded OSC message carrying a single number or string.
struct osc_single {
  std::string path;
  /// The argument's type tag: 'f', 'd', 'i', 'h' (number) or 's', 'S' (text).
  char tag = 'f';
  double number = 0;
  std::string text;

  bool is_text() const { return tag == 's' || tag == 'S'; }
};

/// Decodes a datagram holding one OSC message of one number or string
/// argument; else the reason to refuse it: "malformed" (not OSC),
/// "bundle" (bundles are not taken), "argument_count" (not exactly one
/// argument) or "argument_type" (neither a number nor a string).
std::variant<osc_single, std::string> decode_osc_single(const std::uint8_t* data,
                                                        std::size_t size);

/// The OSC message `path f` (or `path s`, `path i`) as bytes.
std::string encode_osc_float(const std::string& path, float value);
std::string encode_osc_string(const std::string& path, const std::string& value);
std::string encode_osc_int(const std::string& path, std::int32_t value);

} // namespace lume::net

// Fuzz target for the param mapper's OSC encoder (it has no decoder of ours):
// the input chooses parameter names and values; what the encoder writes is
// read back with liblo's own deserialiser. Asserted: a valid name encodes and
// comes back with its address and the value's exact bits, in order; an
// invalid name (empty, or a byte outside letters, digits, '_', '-', '.')
// is refused as invalid_input.

#include <cstring>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>
#include <lo/lo.h>

#include "net/param_osc_encoder.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume::net;

bool valid_name(const std::string& name) {
  if (name.empty())
    return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == '.'))
      return false;
  return true;
}

/// One OSC message read back with liblo: its address and single float.
void check_message(const std::uint8_t* data, std::size_t size, const param_value& expected) {
  int result = 0;
  lo_message m = lo_message_deserialise(const_cast<std::uint8_t*>(data), size, &result);
  FUZZ_CHECK(m != nullptr);
  const char* path = lo_get_path(const_cast<std::uint8_t*>(data), static_cast<ssize_t>(size));
  FUZZ_CHECK(path != nullptr && param_address(expected.name) == path);
  FUZZ_CHECK(lo_message_get_argc(m) == 1);
  FUZZ_CHECK(lo_message_get_types(m)[0] == LO_FLOAT);
  float value = 0; // liblo aligns arguments to 4 bytes only: copy them out
  std::memcpy(&value, lo_message_get_argv(m)[0], sizeof value);
  FUZZ_CHECK(std::memcmp(&value, &expected.value, sizeof value) == 0);
  lo_message_free(m);
}

std::uint32_t load_u32_big_endian(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8)
         | std::uint32_t{p[3]};
}

/// An OSC bundle with the immediate time tag holding one message per value.
void check_bundle(const std::uint8_t* data, std::size_t size,
                  const std::vector<param_value>& expected) {
  static const std::uint8_t header[16] = {'#', 'b', 'u', 'n', 'd', 'l', 'e', 0,
                                          0,   0,   0,   0,   0,   0,   0,   1};
  FUZZ_CHECK(size >= sizeof header && std::memcmp(data, header, sizeof header) == 0);
  std::size_t pos = sizeof header;
  for (const auto& value : expected) {
    FUZZ_CHECK(size - pos >= 4);
    const std::size_t length = load_u32_big_endian(data + pos);
    pos += 4;
    FUZZ_CHECK(length <= size - pos);
    check_message(data + pos, length, value);
    pos += length;
  }
  FUZZ_CHECK(pos == size);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input{data, size};
  std::vector<param_value> values(input.ConsumeIntegralInRange<std::size_t>(0, 16));
  bool all_valid = !values.empty();
  for (auto& value : values) {
    value.name = input.ConsumeRandomLengthString(64);
    value.value = input.ConsumeFloatingPoint<float>();
    all_valid = all_valid && valid_name(value.name);
  }
  std::vector<std::uint8_t> out(64 * 1024);
  const auto bundle = encode_param_bundle(values, out.data(), out.size());
  FUZZ_CHECK(static_cast<bool>(bundle) == all_valid);
  if (bundle)
    check_bundle(out.data(), bundle.size, values);
  else
    FUZZ_CHECK(bundle.error == encode_error::invalid_input);
  for (const auto& value : values) {
    const auto message = encode_param_message(value, out.data(), out.size());
    FUZZ_CHECK(static_cast<bool>(message) == valid_name(value.name));
    if (message)
      check_message(out.data(), message.size, value);
    // Too small a buffer is refused, never overrun.
    if (message && message.size > 0)
      FUZZ_CHECK(encode_param_message(value, out.data(), message.size - 1).error
                 == encode_error::buffer_too_small);
  }
  return 0;
}

#include "net/osc_message.hpp"

#include <cstring>
#include <memory>
#include <vector>

#include <lo/lo.h>

namespace lume::net {

namespace {

using message_ptr = std::unique_ptr<std::remove_pointer_t<lo_message>, void (*)(lo_message)>;

std::string serialise(lo_message m, const std::string& path) {
  std::size_t size = lo_message_length(m, path.c_str());
  std::string out(size, '\0');
  lo_message_serialise(m, path.c_str(), out.data(), &size);
  lo_message_free(m);
  out.resize(size);
  return out;
}

} // namespace

std::variant<osc_single, std::string> decode_osc_single(const std::uint8_t* data,
                                                        std::size_t size) {
  if (size >= 8 && std::memcmp(data, "#bundle", 8) == 0)
    return std::string{"bundle"};
  // liblo reads from a non-const buffer: decode a copy.
  std::vector<std::uint8_t> copy{data, data + size};
  const char* path = size > 0 ? lo_get_path(copy.data(), static_cast<ssize_t>(size)) : nullptr;
  if (path == nullptr || path[0] != '/')
    return std::string{"malformed"};
  int result = 0;
  message_ptr m{lo_message_deserialise(copy.data(), size, &result), lo_message_free};
  if (!m || result != 0)
    return std::string{"malformed"};
  if (lo_message_get_argc(m.get()) != 1)
    return std::string{"argument_count"};
  osc_single x;
  x.path = path;
  x.tag = lo_message_get_types(m.get())[0];
  lo_arg* arg = lo_message_get_argv(m.get())[0];
  switch (x.tag) {
    case 'f': x.number = arg->f; break;
    case 'd': x.number = arg->d; break;
    case 'i': x.number = arg->i; break;
    case 'h': x.number = static_cast<double>(arg->h); break;
    case 's':
    case 'S': x.text = &arg->s; break;
    default: return std::string{"argument_type"};
  }
  return x;
}

std::string encode_osc_float(const std::string& path, float value) {
  lo_message m = lo_message_new();
  lo_message_add_float(m, value);
  return serialise(m, path);
}

std::string encode_osc_string(const std::string& path, const std::string& value) {
  lo_message m = lo_message_new();
  lo_message_add_string(m, value.c_str());
  return serialise(m, path);
}

std::string encode_osc_int(const std::string& path, std::int32_t value) {
  lo_message m = lo_message_new();
  lo_message_add_int32(m, value);
  return serialise(m, path);
}

} // namespace lume::net

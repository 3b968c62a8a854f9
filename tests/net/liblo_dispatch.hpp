#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <lo/lo.h>

/// Test support: hands a datagram to liblo's own server-side parser, so the
/// encoders are checked by an OSC implementation other than our own code.
namespace lume::net::test {

struct dispatched_message {
  std::string address;
  std::string types;
  std::vector<float> floats;
};

/// The messages liblo dispatches from `data` (a message or a bundle); empty
/// if liblo rejects it.
inline std::vector<dispatched_message> dispatch_with_liblo(const std::uint8_t* data,
                                                           std::size_t size) {
  std::vector<dispatched_message> out;
  lo_server server = lo_server_new_with_proto("0", LO_UDP, nullptr);
  if (server == nullptr)
    return out;
  auto handler = [](const char* path, const char* types, lo_arg** argv, int argc, lo_message,
                    void* user) -> int {
    auto* messages = static_cast<std::vector<dispatched_message>*>(user);
    dispatched_message m{path, types, {}};
    for (int i = 0; i < argc; ++i) {
      if (types[i] != LO_FLOAT)
        continue;
      float value; // liblo aligns arguments to 4 bytes only: copy, do not dereference
      std::memcpy(&value, argv[i], sizeof value);
      m.floats.push_back(value);
    }
    messages->push_back(std::move(m));
    return 0;
  };
  lo_server_add_method(server, nullptr, nullptr, handler, &out);
  lo_server_dispatch_data(server, const_cast<std::uint8_t*>(data), size);
  lo_server_free(server);
  return out;
}

} // namespace lume::net::test

#include "tests/show/director_osc.hpp"

#include <cstring>
#include <string>

#include <lo/lo.h>

namespace lume::test {

std::optional<net::director_osc> read_director_osc(const std::vector<std::uint8_t>& datagram) {
  const char* path = lo_get_path(const_cast<std::uint8_t*>(datagram.data()),
                                 static_cast<ssize_t>(datagram.size()));
  if (path == nullptr)
    return std::nullopt;
  std::string address = path;
  net::director_osc out;
  if (address == "/lume/cut")
    out.kind = "camera";
  else if (address == "/lume/scene")
    out.kind = "scene";
  else if (address == "/lume/section")
    out.kind = "section";
  else
    return std::nullopt;
  int result = 0;
  lo_message m = lo_message_deserialise(const_cast<std::uint8_t*>(datagram.data()),
                                        datagram.size(), &result);
  if (m == nullptr)
    return std::nullopt;
  std::optional<net::director_osc> found;
  if (std::string{lo_message_get_types(m)} == "siifs") {
    lo_arg** argv = lo_message_get_argv(m);
    out.value = &argv[0]->s;
    int32_t epoch = 0;
    int32_t seq = 0;
    float beat = 0;
    // liblo aligns arguments to 4 bytes only: copy, do not dereference.
    std::memcpy(&epoch, argv[1], sizeof epoch);
    std::memcpy(&seq, argv[2], sizeof seq);
    std::memcpy(&beat, argv[3], sizeof beat);
    out.epoch = static_cast<uint64_t>(epoch);
    out.seq = static_cast<uint64_t>(seq);
    out.at_beat = beat;
    out.reason = &argv[4]->s;
    found = out;
  }
  lo_message_free(m);
  return found;
}

} // namespace lume::test

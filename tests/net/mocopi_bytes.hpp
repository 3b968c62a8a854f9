#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "net/byte_io.hpp"

/// Test support: hand-built mocopi chunks, for datagrams no encoder would write.
namespace lume::net::test {

using bytes = std::vector<std::uint8_t>;

/// A chunk: u32 LE length, 4-byte tag, payload.
inline bytes chunk(const char (&tag)[5], const bytes& payload) {
  bytes out(8);
  store_u32(out.data(), static_cast<std::uint32_t>(payload.size()));
  std::memcpy(out.data() + 4, tag, 4);
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

/// The concatenation of `parts`.
inline bytes join(std::initializer_list<bytes> parts) {
  bytes out;
  for (const auto& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline bytes u16_bytes(std::uint16_t v) {
  bytes out(2);
  store_u16(out.data(), v);
  return out;
}

inline bytes u32_bytes(std::uint32_t v) {
  bytes out(4);
  store_u32(out.data(), v);
  return out;
}

inline bytes f32_bytes(std::initializer_list<float> values) {
  bytes out;
  for (float v : values) {
    std::uint8_t b[4];
    store_f32(b, v);
    out.insert(out.end(), b, b + 4);
  }
  return out;
}

/// `head` with the app's format name and version 1.
inline bytes head_chunk() {
  const char name[] = "sony motion format";
  return chunk("head", join({chunk("ftyp", bytes(name, name + sizeof name - 1)),
                             chunk("vrsn", bytes{1})}));
}

/// A frame bone record with an identity rotation.
inline bytes bone_pose(std::uint16_t id, float y = 0.1f) {
  return chunk("btdt", join({chunk("bnid", u16_bytes(id)),
                             chunk("tran", f32_bytes({0, 0, 0, 1, 0, y, 0}))}));
}

/// A skeleton bone record with an identity rotation.
inline bytes rest_bone(std::uint16_t id, std::uint16_t parent) {
  return chunk("bndt", join({chunk("bnid", u16_bytes(id)), chunk("pbid", u16_bytes(parent)),
                             chunk("tran", f32_bytes({0, 0, 0, 1, 0, 0.1f, 0}))}));
}

/// A frame datagram without sender, with the given `btrs` content.
inline bytes frame_datagram(std::uint32_t number, const bytes& bone_records) {
  return join({head_chunk(),
               chunk("fram", join({chunk("fnum", u32_bytes(number)), chunk("time", f32_bytes({0})),
                                   chunk("btrs", bone_records)}))});
}

/// A skeleton datagram without sender, with the given `bons` content.
inline bytes skeleton_datagram(const bytes& bone_records) {
  return join({head_chunk(), chunk("skdf", chunk("bons", bone_records))});
}

} // namespace lume::net::test

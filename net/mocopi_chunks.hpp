#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "net/mocopi_refusal.hpp"

/// The container layer of mocopi datagrams: chunks of `u32 LE length`,
/// 4-byte ASCII tag, then `length` payload bytes, laid end to end; container
/// chunks hold further chunks the same way.
namespace lume::net {

inline constexpr std::size_t mocopi_chunk_header_size = 8;

/// One chunk; `payload` points into the datagram.
struct mocopi_chunk {
  char tag[4] = {};
  const std::uint8_t* payload = nullptr;
  std::uint32_t size = 0;

  /// True if the tag equals the four characters of `name`.
  bool is(const char (&name)[5]) const;
};

/// Iterates the chunks of one level, never reading outside [data, data+size).
class mocopi_chunk_reader {
public:
  mocopi_chunk_reader(const std::uint8_t* data, std::size_t size);

  /// Reads the next chunk into `out`. False at the end of the range, or when
  /// the remaining bytes are not a chunk: then failure() says why.
  bool next(mocopi_chunk& out);

  /// Why the walk stopped before the end; nullopt if it has not.
  std::optional<mocopi_refusal> failure() const { return failure_; }

private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::optional<mocopi_refusal> failure_;
};

/// What a datagram is at the top level, before any field is read.
enum class mocopi_datagram_kind : std::uint8_t {
  unwalkable, ///< its top level is not a sequence of chunks
  neither,    ///< neither `skdf` nor `fram` at the top level
  skeleton,   ///< `skdf`
  frame,      ///< `fram`
  both,       ///< `skdf` and `fram`
};

mocopi_datagram_kind classify_mocopi_datagram(const std::uint8_t* data, std::size_t size);

} // namespace lume::net

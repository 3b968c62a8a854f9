#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

/// LUMEREC1: datagrams with their arrival times, as `lume-sim record` writes
/// them and `lume-sim replay` reads them (tools/lume-sim/README.md).
///
///   0   magic "LUMEREC1" (8 ASCII bytes)
///   8   records, end to end, each:
///         0   u64 t_us    arrival, µs since the first record (non-decreasing)
///         8   u32 length  datagram bytes (≤ 65535)
///         12  length bytes: the UDP payload
///
/// Little-endian; the file ends after a whole record.
namespace lume::net {

inline constexpr std::array<char, 8> recording_magic = {'L', 'U', 'M', 'E', 'R', 'E', 'C', '1'};
inline constexpr std::size_t record_header_size = 12;
inline constexpr std::uint32_t max_record_length = 65535;

namespace detail {
struct file_closer {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;
} // namespace detail

/// Writes a LUMEREC1 file through a 1 MiB buffer.
class recording_writer {
public:
  /// Creates (or truncates) `path` and writes the magic.
  static std::variant<recording_writer, std::string> create(const std::string& path);

  /// Appends one record. False if `t_us` is below the previous record's,
  /// `size` exceeds max_record_length, or the write failed.
  bool write(std::uint64_t t_us, const std::uint8_t* data, std::size_t size);

  /// Flushes and closes; an error text if any write failed.
  std::optional<std::string> close();

private:
  recording_writer() = default;

  std::unique_ptr<char[]> buffer_;
  detail::file_ptr file_;
  std::string path_;
  std::uint64_t last_t_us_ = 0;
  bool failed_ = false;
};

/// One datagram of a recording.
struct recorded_datagram {
  std::uint64_t t_us = 0; ///< arrival, µs since the first record
  std::vector<std::uint8_t> bytes;
};

/// Outcome of reading one record.
enum class read_result {
  record,         ///< a record was read
  end,            ///< no more records
  truncated,      ///< the file ends inside a record
  too_long,       ///< length over max_record_length
  time_backwards, ///< t_us below the previous record's
  io_error,       ///< the operating system failed the read
};

const char* to_string(read_result r);

/// Reads a LUMEREC1 file record by record (it may be larger than memory).
class recording_reader {
public:
  /// Opens `path` and checks the magic.
  static std::variant<recording_reader, std::string> open(const std::string& path);

  /// Reads the next record into `out`, reusing its storage.
  read_result next(recorded_datagram& out);

  /// Goes back to the first record; false on an I/O error.
  bool rewind();

  /// File offset of the next record, bytes.
  std::uint64_t offset() const { return offset_; }

  const std::string& path() const { return path_; }

private:
  recording_reader() = default;

  detail::file_ptr file_;
  std::string path_;
  std::uint64_t offset_ = 0;
  std::uint64_t last_t_us_ = 0;
};

} // namespace lume::net

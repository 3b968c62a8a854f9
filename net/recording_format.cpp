#include "net/recording_format.hpp"

#include <cerrno>
#include <cstring>

#include "net/byte_io.hpp"

namespace lume::net {

namespace {

constexpr std::size_t write_buffer_bytes = 1 << 20;

std::string system_error(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

} // namespace

std::variant<recording_writer, std::string> recording_writer::create(const std::string& path) {
  recording_writer w;
  w.path_ = path;
  w.file_.reset(std::fopen(path.c_str(), "wb"));
  if (!w.file_)
    return system_error("cannot create", path);
  w.buffer_ = std::make_unique<char[]>(write_buffer_bytes);
  std::setvbuf(w.file_.get(), w.buffer_.get(), _IOFBF, write_buffer_bytes);
  if (std::fwrite(recording_magic.data(), 1, recording_magic.size(), w.file_.get())
      != recording_magic.size())
    return system_error("cannot write", path);
  return w;
}

bool recording_writer::write(std::uint64_t t_us, const std::uint8_t* data, std::size_t size) {
  if (!file_ || t_us < last_t_us_ || size > max_record_length)
    return false;
  std::uint8_t header[record_header_size];
  store_u64(header, t_us);
  store_u32(header + 8, static_cast<std::uint32_t>(size));
  const bool ok = std::fwrite(header, 1, sizeof header, file_.get()) == sizeof header
                  && std::fwrite(data, 1, size, file_.get()) == size;
  failed_ = failed_ || !ok;
  last_t_us_ = t_us;
  return ok;
}

std::optional<std::string> recording_writer::close() {
  if (!file_)
    return std::nullopt;
  const bool flushed = std::fflush(file_.get()) == 0;
  const bool closed = std::fclose(file_.release()) == 0;
  if (failed_ || !flushed || !closed)
    return system_error("cannot write", path_);
  return std::nullopt;
}

const char* to_string(read_result r) {
  switch (r) {
    case read_result::record: return "record";
    case read_result::end: return "end";
    case read_result::truncated: return "truncated record";
    case read_result::too_long: return "record longer than 65535 bytes";
    case read_result::time_backwards: return "arrival time going backwards";
    case read_result::io_error: return "read error";
  }
  return "unknown";
}

std::variant<recording_reader, std::string> recording_reader::open(const std::string& path) {
  recording_reader r;
  r.path_ = path;
  r.file_.reset(std::fopen(path.c_str(), "rb"));
  if (!r.file_)
    return system_error("cannot open", path);
  std::array<char, recording_magic.size()> magic{};
  if (std::fread(magic.data(), 1, magic.size(), r.file_.get()) != magic.size()
      || magic != recording_magic)
    return "'" + path + "' is not a LUMEREC1 recording";
  r.offset_ = recording_magic.size();
  return r;
}

read_result recording_reader::next(recorded_datagram& out) {
  std::uint8_t header[record_header_size];
  const std::size_t got = std::fread(header, 1, sizeof header, file_.get());
  if (got != sizeof header) {
    if (std::ferror(file_.get()))
      return read_result::io_error;
    return got == 0 ? read_result::end : read_result::truncated;
  }
  const std::uint64_t t_us = load_u64(header);
  const std::uint32_t length = load_u32(header + 8);
  if (length > max_record_length)
    return read_result::too_long;
  if (t_us < last_t_us_)
    return read_result::time_backwards;
  out.bytes.resize(length);
  if (std::fread(out.bytes.data(), 1, length, file_.get()) != length)
    return std::ferror(file_.get()) ? read_result::io_error : read_result::truncated;
  out.t_us = t_us;
  last_t_us_ = t_us;
  offset_ += record_header_size + length;
  return read_result::record;
}

bool recording_reader::rewind() {
  if (std::fseek(file_.get(), static_cast<long>(recording_magic.size()), SEEK_SET) != 0)
    return false;
  offset_ = recording_magic.size();
  last_t_us_ = 0;
  return true;
}

} // namespace lume::net

#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/object.hpp>

namespace lume {

/// Writes a sensor's raw datagrams with their arrival times to a LUMEREC1
/// file (net/recording_format.hpp) while recording, so that `lume-sim
/// replay` sends them again. The receive thread hands each datagram over
/// with one copy under a mutex, never waiting for the disk; a thread of the
/// recorder's own writes them out. A datagram that finds `max_pending`
/// bytes still unwritten is dropped and counted.
class datagram_recorder {
public:
  explicit datagram_recorder(std::size_t max_pending = std::size_t{32} << 20);
  ~datagram_recorder();

  datagram_recorder(const datagram_recorder&) = delete;
  datagram_recorder& operator=(const datagram_recorder&) = delete;

  /// Starts writing to `path` (its folders are created; if the file exists,
  /// to PATH-2, PATH-3, ... instead); the file being written is then
  /// `file()`. Writing `path` already: goes on. Another file: that one is
  /// closed first. An error text if the file cannot be created.
  std::optional<std::string> start(const std::string& path);

  /// Writes what is pending and closes the file.
  void stop();

  /// The file being written; empty when not recording.
  std::string file() const;

  /// Receive thread: hands one datagram over if recording.
  void offer(const std::uint8_t* data, std::size_t size, std::int64_t received_us) {
    if (active_.load(std::memory_order_acquire))
      append(data, size, received_us);
  }

  /// `{"file", "path", "datagrams", "bytes", "dropped", "write_errors", "last_error"}`.
  boost::json::object state() const;

private:
  void append(const std::uint8_t* data, std::size_t size, std::int64_t received_us);

  const std::size_t max_pending_;
  std::atomic<bool> active_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  /// Handed over, not yet written: per datagram i64 arrival, u32 size, bytes.
  std::vector<std::uint8_t> pending_;
  bool stopping_ = false;
  std::string requested_;
  std::string file_;
  std::string last_error_;
  std::uint64_t datagrams_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t dropped_ = 0;
  std::atomic<std::uint64_t> write_errors_{0};
  std::thread writer_;
};

} // namespace lume

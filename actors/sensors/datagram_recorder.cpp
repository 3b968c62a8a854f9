#include "actors/sensors/datagram_recorder.hpp"

#include <cstring>
#include <filesystem>

#include "net/recording_format.hpp"

namespace lume {

namespace {

constexpr std::size_t handover_header = sizeof(std::int64_t) + sizeof(std::uint32_t);

/// `path`, or PATH-2, PATH-3, ... (before the extension) if it exists.
std::string free_path(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path))
    return path.string();
  for (int n = 2;; ++n) {
    auto other = path.parent_path()
                 / (path.stem().string() + "-" + std::to_string(n) + path.extension().string());
    if (!std::filesystem::exists(other))
      return other.string();
  }
}

} // namespace

datagram_recorder::datagram_recorder(std::size_t max_pending) : max_pending_(max_pending) {
}

datagram_recorder::~datagram_recorder() {
  stop();
}

std::optional<std::string> datagram_recorder::start(const std::string& path) {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    if (writer_.joinable() && path == requested_)
      return std::nullopt;
  }
  stop();
  std::error_code err;
  auto target = std::filesystem::path{path};
  if (target.has_parent_path())
    std::filesystem::create_directories(target.parent_path(), err);
  if (err)
    return "cannot create folder '" + target.parent_path().string() + "': " + err.message();
  auto file = free_path(target);
  auto writer = net::recording_writer::create(file);
  if (auto failed = std::get_if<std::string>(&writer))
    return *failed;
  std::lock_guard<std::mutex> guard{mutex_};
  requested_ = path;
  file_ = file;
  stopping_ = false;
  pending_.clear();
  writer_ = std::thread{[this, w = std::make_shared<net::recording_writer>(
                                 std::move(std::get<net::recording_writer>(writer)))]() mutable {
    std::vector<std::uint8_t> batch;
    std::optional<std::int64_t> first_us;
    std::uint64_t last_t_us = 0;
    for (;;) {
      bool done;
      {
        std::unique_lock<std::mutex> lock{mutex_};
        wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
        batch.swap(pending_);
        done = stopping_;
      }
      for (std::size_t at = 0; at + handover_header <= batch.size();) {
        std::int64_t received_us;
        std::uint32_t size;
        std::memcpy(&received_us, batch.data() + at, sizeof(received_us));
        std::memcpy(&size, batch.data() + at + sizeof(received_us), sizeof(size));
        if (!first_us)
          first_us = received_us;
        // Arrival times never go back in the file (LUMEREC1's rule).
        last_t_us = std::max(last_t_us, static_cast<std::uint64_t>(
                                          std::max<std::int64_t>(received_us - *first_us, 0)));
        if (!w->write(last_t_us, batch.data() + at + handover_header, size))
          write_errors_.fetch_add(1, std::memory_order_relaxed);
        at += handover_header + size;
      }
      batch.clear();
      if (done)
        break;
    }
    if (auto failed = w->close()) {
      write_errors_.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard<std::mutex> guard{mutex_};
      last_error_ = *failed;
    }
  }};
  active_.store(true, std::memory_order_release);
  return std::nullopt;
}

void datagram_recorder::stop() {
  active_.store(false, std::memory_order_release);
  {
    std::lock_guard<std::mutex> guard{mutex_};
    stopping_ = true;
    requested_.clear();
  }
  wake_.notify_one();
  if (writer_.joinable())
    writer_.join();
  std::lock_guard<std::mutex> guard{mutex_};
  file_.clear();
}

std::string datagram_recorder::file() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return file_;
}

void datagram_recorder::append(const std::uint8_t* data, std::size_t size,
                               std::int64_t received_us) {
  if (size > net::max_record_length) {
    std::lock_guard<std::mutex> guard{mutex_};
    ++dropped_;
    return;
  }
  {
    std::lock_guard<std::mutex> guard{mutex_};
    if (stopping_ || pending_.size() + handover_header + size > max_pending_) {
      ++dropped_;
      return;
    }
    const auto at = pending_.size();
    pending_.resize(at + handover_header + size);
    const auto length = static_cast<std::uint32_t>(size);
    std::memcpy(pending_.data() + at, &received_us, sizeof(received_us));
    std::memcpy(pending_.data() + at + sizeof(received_us), &length, sizeof(length));
    std::memcpy(pending_.data() + at + handover_header, data, size);
    ++datagrams_;
    bytes_ += size;
  }
  wake_.notify_one();
}

boost::json::object datagram_recorder::state() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return {{"file", file_},
          {"datagrams", datagrams_},
          {"bytes", bytes_},
          {"dropped", dropped_},
          {"write_errors", write_errors_.load(std::memory_order_relaxed)},
          {"last_error", last_error_}};
}

} // namespace lume

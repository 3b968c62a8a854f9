#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/fuzz/datagram_records.hpp"

namespace lume::fuzz {

using bytes = std::vector<std::uint8_t>;

/// Writes seeds of one target into ROOT/TARGET/.
class corpus {
public:
  corpus(const std::filesystem::path& root, const std::string& target)
    : target_(target), dir_(root / target) {
    std::filesystem::create_directories(dir_);
  }

  const std::string& target() const { return target_; }

  void write(const std::string& name, const bytes& content) {
    std::ofstream out{dir_ / name, std::ios::binary};
    out.write(reinterpret_cast<const char*>(content.data()),
              static_cast<std::streamsize>(content.size()));
    ++count_;
  }

  void write(const std::string& name, const std::string& text) {
    write(name, bytes(text.begin(), text.end()));
  }

  /// The datagrams [first, first + n) of `datagrams` as one seed.
  void write_records(const std::string& name, const std::vector<bytes>& datagrams,
                     std::size_t first, std::size_t n) {
    bytes seed;
    for (std::size_t i = first; i < first + n && i < datagrams.size(); ++i)
      append_record(seed, datagrams[i].data(), datagrams[i].size());
    write(name, seed);
  }

  std::size_t count() const { return count_; }

private:
  std::string target_;
  std::filesystem::path dir_;
  std::size_t count_ = 0;
};

} // namespace lume::fuzz

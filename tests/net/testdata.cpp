#include "testdata.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace lume::net::test {

std::optional<std::string> mocopi_dir() {
  const std::filesystem::path dir = std::filesystem::path{LUME_TESTDATA_DIR} / "mocopi";
  if (std::filesystem::is_directory(dir))
    return dir.string();
  std::cerr << "SKIPPED: mocopi test data not found at " << dir.string() << '\n';
  return std::nullopt;
}

std::optional<std::vector<std::uint8_t>> read_binary(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return std::nullopt;
  return std::vector<std::uint8_t>{std::istreambuf_iterator<char>{in},
                                   std::istreambuf_iterator<char>{}};
}

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in{path};
  if (!in)
    return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace lume::net::test

#include "tests/bus/solo_config.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/sensing/node_process.hpp"

namespace lume::test {

std::string write_solo_config(const std::string& source, solo_ports& ports,
                              const std::map<std::string, std::string>& edits) {
  // Absolute: the Node children start in a cwd relative to the written file.
  const auto source_dir = std::filesystem::absolute(source).lexically_normal().string();
  std::ifstream in{std::filesystem::path{source_dir} / "config/solo.caf"};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto text = buffer.str();
  ports.bus = free_port();
  ports.inspect = free_port();
  std::map<std::string, std::uint16_t> moved{{"9404", ports.bus}};
  for (auto port : {"12351", "9700", "9701", "9703", "9798", "9800", "9600", "7860"})
    moved[port] = free_port();
  for (auto& [from, to] : moved) {
    text = std::regex_replace(text, std::regex{"127\\.0\\.0\\.1:" + from + "\\b"},
                              "127.0.0.1:" + std::to_string(to));
    text = std::regex_replace(text, std::regex{"port = " + from + "\\b"},
                              "port = " + std::to_string(to));
    // The Node children's command lines: "--port", "9600".
    text = std::regex_replace(text, std::regex{"\"--port\", \"" + from + "\""},
                              "\"--port\", \"" + std::to_string(to) + "\"");
  }
  // Static folders and the Node children's programs are relative to the repository.
  text = std::regex_replace(text, std::regex{"\"\\.\\./tools/"}, "\"" + source_dir + "/tools/");
  text = std::regex_replace(text, std::regex{"\"tools/"}, "\"" + source_dir + "/tools/");
  for (auto& [from, to] : edits) {
    auto at = text.find(from);
    if (at != std::string::npos)
      text.replace(at, from.size(), to);
  }
  auto path = std::filesystem::temp_directory_path() /
              ("lume-bus-" + std::to_string(::getpid()) + ".caf");
  std::ofstream{path} << text;
  return path.string();
}

} // namespace lume::test

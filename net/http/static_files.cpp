#include "net/http/static_files.hpp"

#include <filesystem>
#include <map>

namespace lume::net::http {

namespace fs = std::filesystem;

namespace {

bool unsafe(const std::string& path) {
  if (path.find("..") != std::string::npos)
    return true;
  for (unsigned char c : path)
    if (c < 0x20 || c == 0x7f || c == '\\' || c == '%')
      return true;
  return false;
}

/// True if `file` is `root` or lies below it (both canonical).
bool inside(const fs::path& root, const fs::path& file) {
  auto r = root.begin();
  auto f = file.begin();
  for (; r != root.end(); ++r, ++f)
    if (f == file.end() || *r != *f)
      return false;
  return true;
}

} // namespace

std::string content_type_of(const std::string& file) {
  static const std::map<std::string, std::string> types{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
  };
  auto i = types.find(fs::path{file}.extension().string());
  return i == types.end() ? "application/octet-stream" : i->second;
}

static_lookup find_static(const std::vector<static_mount>& mounts, const std::string& path) {
  static_lookup result;
  for (auto& mount : mounts) {
    if (path.compare(0, mount.prefix.size(), mount.prefix) != 0)
      continue;
    auto rest = path.substr(mount.prefix.size());
    if (!rest.empty() && rest.front() != '/')
      continue;
    if (unsafe(rest)) {
      result.status = 400;
      return result;
    }
    if (rest.empty() || rest == "/")
      rest = "/index.html";
    std::error_code err;
    auto root = fs::canonical(mount.folder, err);
    if (err)
      return result;
    auto file = fs::weakly_canonical(root / rest.substr(1), err);
    if (err || !inside(root, file)) {
      result.status = err ? 404 : 400;
      return result;
    }
    if (!fs::is_regular_file(file, err))
      return result;
    result.status = 200;
    result.file = file.string();
    result.content_type = content_type_of(result.file);
    return result;
  }
  return result;
}

} // namespace lume::net::http

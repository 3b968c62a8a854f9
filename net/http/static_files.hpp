#pragma once

#include <string>
#include <vector>

#include "net/http/server.hpp"

/// Maps a request path onto a file of a static mount, refusing anything
/// that could leave the mount's folder.
namespace lume::net::http {

struct static_lookup {
  /// 200 (file found), 404 (no such file or mount) or 400 (a path that
  /// tries to leave its folder).
  unsigned status = 404;
  std::string file;
  std::string content_type;
};

/// The file for `path` (no query): `PREFIX` and `PREFIX/` serve the mount's
/// index.html, `PREFIX/a/b.js` its file a/b.js. Paths with `..`, `%`, a
/// backslash or a control character are refused; the resolved file must lie
/// inside the mount's folder.
static_lookup find_static(const std::vector<static_mount>& mounts, const std::string& path);

/// Content type by extension (`text/javascript` for .js and .mjs, ...);
/// `application/octet-stream` for unknown ones.
std::string content_type_of(const std::string& file);

} // namespace lume::net::http

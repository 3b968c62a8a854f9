#include "system/config/inspect_options.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <caf/config_option_adder.hpp>
#include <caf/config_value.hpp>

namespace lume {

void add_inspect_options(caf::config_option_set& options) {
  caf::config_option_adder{options, "lume.inspect"}
    .add<std::string>("token", "token of the commands that change anything (prefer token-file)")
    .add<std::string>("token-file", "file holding that token (relative: to the config file)")
    .add<std::string>("read-address", "address of the read-only listener")
    .add<uint16_t>("read-port", "TCP port of the read-only listener (0 = none)")
    .add<size_t>("max-line", "longest command line, bytes")
    .add<size_t>("max-connections", "open connections at once")
    .add<size_t>("max-connections-per-address", "open connections from one client address")
    .add<double>("rate", "command lines per second per connection")
    .add<double>("burst", "command lines a connection may send at once")
    .add<size_t>("max-queued", "commands a connection may queue behind the running one")
    .add<caf::timespan>("line-timeout", "a started line must end within this")
    .add<size_t>("max-output", "bytes of answers a connection may leave unread")
    .add<size_t>("max-bad-tokens", "wrong tokens before the connection is cut off")
    .add<caf::timespan>("warn-interval", "at most one warning per client address this often");
}

namespace {

/// `path` as the node reads it: relative paths start at the config's folder.
std::string resolve(const std::string& config_file, const std::string& path) {
  if (path.empty() || path.front() == '/')
    return path;
  auto slash = config_file.rfind('/');
  return slash == std::string::npos ? path : config_file.substr(0, slash + 1) + path;
}

bool has_space(const std::string& text) {
  return text.find_first_of(" \t\r\n\v\f") != std::string::npos;
}

/// The token in the first line of `file`, or why there is none.
void read_token_file(const std::string& file, const std::string& where, inspect_config& out) {
  std::ifstream in{file};
  if (!in) {
    out.token_error = "token file '" + file + "' (" + where + ") cannot be read: "
                      + std::strerror(errno);
    return;
  }
  // The first line, of at most 4 KiB (a device or a huge file is no token).
  std::string line(4096, '\0');
  in.read(&line[0], static_cast<std::streamsize>(line.size()));
  line.resize(static_cast<size_t>(in.gcount()));
  if (auto nl = line.find('\n'); nl != std::string::npos)
    line.resize(nl);
  else if (line.size() == 4096)
    line.clear();
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
    line.pop_back();
  if (line.empty())
    out.token_error = "token file '" + file + "' (" + where + ") is empty";
  else if (has_space(line))
    out.token_error = "token file '" + file + "' (" + where + "): the token has a space";
  else
    out.token = line;
}

} // namespace

std::optional<config_error> read_inspect_config(const ini_document& doc,
                                                const caf::settings& merged,
                                                inspect_config& out) {
  auto fail = [&](const std::string& key, std::string message) {
    auto full = "lume.inspect." + key;
    return config_error{doc.file, doc.line_of(full), full, std::move(message)};
  };
  auto get = [&](const char* key, auto fallback) {
    return caf::get_or(merged, std::string{"lume.inspect."} + key, fallback);
  };
  out.token = get("token", out.token);
  out.token_file = get("token-file", out.token_file);
  out.read_address = get("read-address", out.read_address);
  out.read_port = get("read-port", out.read_port);
  out.max_line = get("max-line", out.max_line);
  out.max_connections = get("max-connections", out.max_connections);
  out.max_connections_per_address
    = get("max-connections-per-address", out.max_connections_per_address);
  out.rate = get("rate", out.rate);
  out.burst = get("burst", out.burst);
  out.max_queued = get("max-queued", out.max_queued);
  out.line_timeout = get("line-timeout", out.line_timeout);
  out.max_output = get("max-output", out.max_output);
  out.max_bad_tokens = get("max-bad-tokens", out.max_bad_tokens);
  out.warn_interval = get("warn-interval", out.warn_interval);
  if (out.max_line < 64 || out.max_line > 16 * 1024 * 1024)
    return fail("max-line", "must be within [64, 16777216] bytes");
  if (out.max_connections == 0)
    return fail("max-connections", "must be at least 1");
  if (out.max_connections_per_address == 0)
    return fail("max-connections-per-address", "must be at least 1");
  if (!(out.rate > 0))
    return fail("rate", "must be positive (lines per second)");
  if (!(out.burst >= 1))
    return fail("burst", "must be at least 1 line");
  if (out.line_timeout <= caf::timespan{0})
    return fail("line-timeout", "must be positive");
  if (out.max_output < 4096)
    return fail("max-output", "must be at least 4096 bytes");
  if (out.max_bad_tokens == 0)
    return fail("max-bad-tokens", "must be at least 1");
  if (!out.token.empty() && !out.token_file.empty())
    return fail("token-file", "set either token or token-file, not both");
  if (has_space(out.token))
    return fail("token", "must not contain spaces (it is sent as `auth TOKEN`)");
  if (!out.token_file.empty()) {
    auto line = doc.line_of("lume.inspect.token-file");
    auto where = "key 'lume.inspect.token-file'"
                 + (line > 0 ? ", " + doc.file + " line " + std::to_string(line) : std::string{});
    out.token_file = resolve(doc.file, out.token_file);
    read_token_file(out.token_file, where, out);
  }
  return std::nullopt;
}

} // namespace lume

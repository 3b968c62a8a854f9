#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>

#include "actors/oscquery/oscquery_namespace.hpp"

/// What an OSCQuery client sends, read against the address space: HTTP
/// queries (`/path`, `/path?ATTRIBUTE`, `?HOST_INFO`), the WebSocket's
/// LISTEN/IGNORE commands and writes of OSC values. No I/O, no actor state.
namespace lume {

/// The answer to an HTTP query: 200 with a JSON body, 204 (the node has
/// no such attribute), or a refusal (404 unknown_path, 400
/// unknown_attribute) with a sentence.
struct oscquery_answer {
  unsigned status = 200;
  std::string body;
  /// Empty unless refused.
  std::string reason;
  std::string problem;
};

/// The answer to `GET path?query` (`query`: what follows the `?`).
oscquery_answer answer_query(const oscquery_namespace& space, std::string path,
                             const std::string& query, const boost::json::object& host_info);

/// `{"COMMAND": "LISTEN" | "IGNORE", "DATA": path}` of a WebSocket client.
struct oscquery_listen {
  bool listen = true;
  std::string path;
};

/// The command of one WebSocket text message, or why not (`bad_command`).
std::variant<oscquery_listen, std::string> read_listen_command(std::string_view text);

/// Why a write of `path` (OSC type tag `tag`, its number or text) is
/// refused: `unknown_path`, `read_only`, `wrong_type`, `not_finite` (a
/// NaN or infinite number) or `out_of_range`; nullptr when the method takes it.
const char* write_refusal(const oscquery_namespace& space, const std::string& path, char tag,
                          double number, const std::string& text);

} // namespace lume

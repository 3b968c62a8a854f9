#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>

/// The Strudel host's messages to the bridge (docs/protocols.md, "Strudel"),
/// read from the WebSocket's text: no I/O, no actor state.
namespace lume {

/// One message of the host the bridge takes.
struct host_message {
  /// `health`, `accepted`, `applied`, `error` or `refused`.
  std::string type;
  /// The whole message (the bridge keeps health and error for `inspect`).
  boost::json::object fields;
  /// `accepted` and `applied`: the code's id and the cycle it swaps at.
  std::int64_t id = 0;
  double cycle = 0;
  /// `error`: its message; `refused`: its reason.
  std::string text;
};

/// Why a message of the host was refused: `not_json`, `not_object`,
/// `bad_number` (beyond a double's range), `no_type`, `bad_field` or
/// `unknown_type`, and a sentence.
struct host_message_refusal {
  std::string reason;
  std::string detail;
};

std::variant<host_message, host_message_refusal> read_host_message(std::string_view text);

/// The answer to a ping of the host (`{"type":"ping","id","host_ms"}`):
/// `{"type":"pong"}` with its `id` and `host_ms` copied (the sender adds
/// `at_us` when it writes it); nothing if `text` is no ping.
std::optional<boost::json::object> pong_for(std::string_view text);

} // namespace lume

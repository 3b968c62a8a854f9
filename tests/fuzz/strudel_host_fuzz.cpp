// Fuzz target for what the Strudel bridge reads from the Strudel host's
// WebSocket: each text message through the bridge's ping check (pong_for,
// on the link's thread) and the message reader (read_host_message, in the
// actor). Asserted: a ping is answered with a pong carrying its id and
// host_ms as they came; other messages are taken (health, accepted,
// applied, error, refused, with the fields each needs) or refused with a
// reason; and a taken message written back (Boost.JSON's serializer, the
// shape the host's JSON.stringify gives) reads back the same (numbers to a few
// units in the last place, as far as Boost 1.81's parser reads them back).

#include <cmath>
#include <string_view>
#include <variant>

#include <boost/json.hpp>

#include "actors/strudel/host_message.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume;

void check_pong(std::string_view text, const boost::json::object& pong) {
  const auto ping = boost::json::parse(text).as_object();
  FUZZ_CHECK(pong.at("type") == "pong");
  for (const char* key : {"id", "host_ms"}) {
    FUZZ_CHECK(ping.contains(key) == pong.contains(key));
    if (ping.contains(key))
      FUZZ_CHECK(ping.at(key) == pong.at(key));
  }
  FUZZ_CHECK(pong.size() == std::size_t{1} + ping.contains("id") + ping.contains("host_ms"));
}

/// Doubles through Boost.JSON's text: its parser (1.81) is not exact for
/// long digit strings (6.6666…e75 read back differs in the last bits);
/// Boost 1.83's `number_precision::precise` would be.
bool close(double a, double b) {
  return a == b || std::fabs(a - b) <= 8 * std::fabs(a) * 2.3e-16;
}

/// `a` and `b` are the same JSON, numbers within a few units in the last place.
bool same(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double())
    return close(a.get_double(), b.get_double());
  if (a.kind() != b.kind())
    return false;
  if (a.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    if (x.size() != y.size())
      return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!same(x[i], y[i]))
        return false;
    return true;
  }
  if (a.is_object()) {
    const auto& x = a.get_object();
    const auto& y = b.get_object();
    if (x.size() != y.size())
      return false;
    for (const auto& [key, value] : x)
      if (!y.contains(key) || !same(value, y.at(key)))
        return false;
    return true;
  }
  return a == b;
}

void check_message(const host_message& x) {
  const auto& t = x.type;
  FUZZ_CHECK(t == "health" || t == "accepted" || t == "applied" || t == "error" || t == "refused");
  FUZZ_CHECK(x.fields.at("type") == t.c_str());
  const auto again = read_host_message(boost::json::serialize(x.fields));
  const auto* back = std::get_if<host_message>(&again);
  FUZZ_CHECK(back != nullptr);
  FUZZ_CHECK(back->type == x.type && back->text == x.text && back->id == x.id);
  FUZZ_CHECK(close(back->cycle, x.cycle));
  FUZZ_CHECK(same(back->fields, x.fields));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  // As the link's read loop: only messages that mention "ping" are parsed there.
  if (text.find("\"ping\"") != std::string_view::npos)
    if (const auto pong = pong_for(text)) {
      check_pong(text, *pong);
      return 0;
    }
  const auto read = read_host_message(text);
  if (const auto* why = std::get_if<host_message_refusal>(&read)) {
    FUZZ_CHECK(why->reason == "not_json" || why->reason == "not_object" ||
               why->reason == "bad_number" || why->reason == "no_type" ||
               why->reason == "bad_field" ||
               why->reason == "unknown_type");
    FUZZ_CHECK(!why->detail.empty());
    return 0;
  }
  check_message(std::get<host_message>(read));
  return 0;
}

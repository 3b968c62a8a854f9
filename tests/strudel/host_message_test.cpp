#define CAF_SUITE strudel.host_message
#include <caf/test/unit_test.hpp>

#include <string>
#include <variant>

#include <boost/json/serialize.hpp>

#include "actors/strudel/host_message.hpp"

using namespace lume;

namespace {

std::string refused(const std::string& text) {
  auto read = read_host_message(text);
  auto* why = std::get_if<host_message_refusal>(&read);
  return why ? why->reason : "taken";
}

} // namespace

CAF_TEST(the messages of the host are taken with the fields each needs) {
  auto read = read_host_message(R"({"type":"applied","id":3,"cycle":12,"beat":48})");
  auto* x = std::get_if<host_message>(&read);
  CAF_REQUIRE(x != nullptr);
  CAF_CHECK_EQUAL(x->type, "applied");
  CAF_CHECK_EQUAL(x->id, 3);
  CAF_CHECK_EQUAL(x->cycle, 12.0);
  CAF_CHECK_EQUAL(refused(R"({"type":"health","events_per_s":12})"), "taken");
  CAF_CHECK_EQUAL(refused(R"({"type":"error","id":2,"message":"Unexpected token"})"), "taken");
  CAF_CHECK_EQUAL(refused(R"({"type":"refused","reason":"binary"})"), "taken");
  CAF_CHECK_EQUAL(refused(R"({"type":"health"})"), "bad_field");
  CAF_CHECK_EQUAL(refused(R"({"type":"state"})"), "unknown_type");
  CAF_CHECK_EQUAL(refused("[1]"), "not_object");
  CAF_CHECK_EQUAL(refused("{"), "not_json");
}

// An id that is no whole int64 threw out of the bridge's handler (Boost.JSON's
// to_number) and took the strudel actor down.
CAF_TEST(an id that is no whole number is refused and not thrown) {
  CAF_CHECK_EQUAL(refused(R"({"type":"applied","id":1.5,"cycle":2})"), "bad_field");
  CAF_CHECK_EQUAL(refused(R"({"type":"accepted","id":1e30,"cycle":2})"), "bad_field");
  CAF_CHECK_EQUAL(refused(R"({"type":"applied","id":2.0,"cycle":2})"), "taken");
}

// Found by the fuzz target strudel_host (tests/fuzz/regressions/strudel_host):
// Boost.JSON 1.81 reads 1e400 as an infinity and writes it back as
// `Infinity`, which made `inspect strudel` no JSON.
CAF_TEST(a number beyond the range of a double is refused) {
  CAF_CHECK_EQUAL(refused(R"({"type":"health","events_per_s":-8e88889812})"), "bad_number");
  CAF_CHECK_EQUAL(refused(R"({"type":"health","events_per_s":1,"osc":{"sent":[1e400]}})"),
                  "bad_number");
}

CAF_TEST(a ping is answered with its id and host_ms) {
  auto pong = pong_for(R"({"type":"ping","id":7,"host_ms":12.5})");
  CAF_REQUIRE(pong.has_value());
  CAF_CHECK_EQUAL(boost::json::serialize(*pong), R"({"type":"pong","id":7,"host_ms":1.25E1})");
  CAF_CHECK(!pong_for(R"({"type":"health","note":"ping"})").has_value());
}

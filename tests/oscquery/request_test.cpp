#define CAF_SUITE oscquery.request
#include <caf/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <variant>

#include "actors/oscquery/oscquery_request.hpp"

using namespace lume;

namespace {

oscquery_namespace sample() {
  oscquery_namespace space;
  space.put({"/lume/param/pan", 'f', oscquery_access::read_write, "pan", 0.5, std::nullopt, {}});
  space.put({"/lume/clock/tempo", 'f', oscquery_access::read_write, "tempo", 120.0,
             std::make_pair(20.0, 999.0), {}});
  space.put({"/lume/clock/peers", 'i', oscquery_access::read, "peers", 2.0, std::nullopt, {}});
  return space;
}

std::string refusal(const oscquery_namespace& space, const std::string& path, char tag,
                    double number) {
  auto why = write_refusal(space, path, tag, number, {});
  return why ? why : "taken";
}

} // namespace

// Found by the fuzz target oscquery_osc (tests/fuzz/regressions/oscquery_osc):
// a NaN passed the RANGE check (every comparison with NaN is false) and a
// param without RANGE took NaN and infinities to the mapper.
CAF_TEST(a write of NaN or an infinity is refused) {
  auto space = sample();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CAF_CHECK_EQUAL(refusal(space, "/lume/clock/tempo", 'f', nan), "not_finite");
  CAF_CHECK_EQUAL(refusal(space, "/lume/param/pan", 'f', nan), "not_finite");
  CAF_CHECK_EQUAL(refusal(space, "/lume/param/pan", 'd', inf), "not_finite");
  CAF_CHECK_EQUAL(refusal(space, "/lume/param/pan", 'f', -inf), "not_finite");
  CAF_CHECK_EQUAL(refusal(space, "/lume/param/pan", 'f', 0.75), "taken");
  CAF_CHECK_EQUAL(refusal(space, "/lume/clock/tempo", 'f', 133), "taken");
  CAF_CHECK_EQUAL(refusal(space, "/lume/clock/tempo", 'f', 1000), "out_of_range");
  CAF_CHECK_EQUAL(refusal(space, "/lume/clock/peers", 'i', 3), "read_only");
  CAF_CHECK_EQUAL(refusal(space, "/lume/nothing", 'f', 1), "unknown_path");
}

CAF_TEST(queries answer a node or one attribute or 204 or a refusal) {
  auto space = sample();
  const boost::json::object info{{"NAME", "n"}};
  CAF_CHECK_EQUAL(answer_query(space, "/lume/clock/tempo/", "VALUE", info).body,
                  R"({"VALUE":[1.2E2]})");
  CAF_CHECK_EQUAL(answer_query(space, "/", "HOST_INFO", info).body, R"({"NAME":"n"})");
  CAF_CHECK_EQUAL(answer_query(space, "/lume/clock", "VALUE", info).status, 204u);
  auto unknown = answer_query(space, "/lume/none", "", info);
  CAF_CHECK_EQUAL(unknown.status, 404u);
  CAF_CHECK_EQUAL(unknown.reason, "unknown_path");
  CAF_CHECK_EQUAL(answer_query(space, "/lume/param/pan", "BOGUS", info).reason,
                  "unknown_attribute");
}

CAF_TEST(LISTEN and IGNORE are read and anything else is a bad command) {
  auto listen = read_listen_command(R"({"COMMAND":"LISTEN","DATA":"/lume/param/pan"})");
  CAF_REQUIRE(std::holds_alternative<oscquery_listen>(listen));
  CAF_CHECK(std::get<oscquery_listen>(listen).listen);
  CAF_CHECK_EQUAL(std::get<oscquery_listen>(listen).path, "/lume/param/pan");
  auto ignore = read_listen_command(R"({"COMMAND":"IGNORE","DATA":"/x"})");
  CAF_CHECK(!std::get<oscquery_listen>(ignore).listen);
  CAF_CHECK(std::holds_alternative<std::string>(read_listen_command(R"({"COMMAND":"LISTEN"})")));
  CAF_CHECK(std::holds_alternative<std::string>(read_listen_command("not json")));
}

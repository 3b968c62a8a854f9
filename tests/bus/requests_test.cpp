#define CAF_SUITE bus.requests
#include <caf/test/unit_test.hpp>

#include <variant>

#include "actors/bus/echelon_request.hpp"

using namespace lume;

// Found by the fuzz target bus_echelon (tests/fuzz/regressions/bus_echelon).
CAF_TEST(a motion number beyond the range of a float is refused and not made infinite) {
  auto read = read_echelon(R"({"source":"phone-1","accel":[0.1,-9.8,0.9238e95]})", 1);
  auto* why = std::get_if<refusal>(&read);
  CAF_REQUIRE(why != nullptr);
  CAF_CHECK_EQUAL(why->status, 400u);
  CAF_CHECK_EQUAL(why->reason, "bad_value");
  CAF_CHECK_EQUAL(why->field, "accel[2]");
  auto attitude = read_echelon(R"({"source":"p","attitude":[0,0,-1e39,1]})", 1);
  CAF_CHECK(std::holds_alternative<refusal>(attitude));
}

CAF_TEST(the largest float is still taken) {
  auto read = read_echelon(R"({"source":"p","gyro":[3.4e38,-3.4e38,0]})", 7);
  auto* x = std::get_if<echelon_messages>(&read);
  CAF_REQUIRE(x != nullptr && x->motion.has_value());
  CAF_CHECK_EQUAL(x->motion->gx, 3.4e38f);
  CAF_CHECK_EQUAL(x->motion->gy, -3.4e38f);
  CAF_CHECK_EQUAL(x->motion->origin_us, 7);
}

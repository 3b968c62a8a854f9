#define CAF_SUITE system.json_messages
#include <caf/test/unit_test.hpp>

#include <boost/json.hpp>

#include "system/messages/json_messages.hpp"
#include "system/messages/type_ids.hpp"

using namespace lume;

namespace {

/// Decodes `text`; fails the test on an error.
caf::message decode(const std::string& text) {
  auto msg = message_from_json(boost::json::parse(text));
  if (auto error = std::get_if<std::string>(&msg))
    CAF_FAIL("unexpected error: " << *error);
  return std::get<caf::message>(std::move(msg));
}

/// The error text of decoding `text`; fails the test if it decodes.
std::string error_of(const std::string& text) {
  auto msg = message_from_json(boost::json::parse(text));
  if (auto error = std::get_if<std::string>(&msg))
    return *error;
  CAF_FAIL("expected an error for " << text);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::string quantized_params = R"({"type":"lume::quantize_request","target":"mapper",
  "rule":"exact","beat":12,"lookahead_us":0,
  "payload":{"type":"music_params","values":{"energy":0.5}}})";

} // namespace

CAF_TEST(a vocabulary message keeps defaults for fields not given) {
  auto msg = decode(R"({"type":"music_params","values":{"energy":0.5,"density":1}})");
  CAF_REQUIRE(msg.match_elements<music_params>());
  auto& params = msg.get_as<music_params>(0);
  CAF_CHECK_EQUAL(params.values.at("energy"), 0.5);
  CAF_CHECK_EQUAL(params.values.at("density"), 1.0);
  CAF_CHECK_EQUAL(params.origin_us, 0);
}

CAF_TEST(a quantize_request carries its payload decoded from the same form) {
  auto msg = decode(quantized_params);
  CAF_REQUIRE(msg.match_elements<quantize_request>());
  auto& req = msg.get_as<quantize_request>(0);
  CAF_CHECK_EQUAL(req.target, "mapper");
  CAF_CHECK_EQUAL(req.rule, "exact");
  CAF_CHECK_EQUAL(req.beat, 12.0);
  CAF_CHECK_EQUAL(req.lookahead_us, 0);
  CAF_CHECK_EQUAL(req.on_passed, "");
  CAF_CHECK(!req.target_actor);
  CAF_REQUIRE(req.payload.match_elements<music_params>());
  CAF_CHECK_EQUAL(req.payload.get_as<music_params>(0).values.at("energy"), 0.5);
}

CAF_TEST(a quantize_request may carry a quantize_request) {
  auto msg = decode(R"({"type":"quantize_request","target":"quantizer","rule":"bar",
    "payload":)" + quantized_params + "}");
  auto& outer = msg.get_as<quantize_request>(0);
  CAF_REQUIRE(outer.payload.match_elements<quantize_request>());
  auto& inner = outer.payload.get_as<quantize_request>(0);
  CAF_CHECK_EQUAL(inner.target, "mapper");
  CAF_CHECK(inner.payload.match_elements<music_params>());
}

CAF_TEST(errors name the field) {
  auto e = error_of(R"({"type":"music_params","energy":0.5})");
  CAF_CHECK_EQUAL(e, "unknown field 'energy' of music_params");
  e = error_of(R"({"type":"music_params","values":{"energy":"loud"}})");
  CAF_CHECK(contains(e, "field 'values' of music_params: "));
  e = error_of(R"({"type":"quantize_request","target":"mapper","beat":"soon",
    "payload":{"type":"music_params"}})");
  CAF_CHECK(contains(e, "field 'beat' of quantize_request: "));
  e = error_of(R"({"type":"quantize_request","target":7})");
  CAF_CHECK(contains(e, "field 'target' of quantize_request: "));
}

CAF_TEST(payload errors name the path into the payload) {
  auto e = error_of(R"({"type":"quantize_request","target":"mapper",
    "payload":{"type":"music_params","values":{"energy":"loud"}}})");
  CAF_CHECK(contains(e, "field 'payload' of quantize_request: field 'values' of music_params: "));
  e = error_of(R"({"type":"quantize_request","target":"mapper","payload":{"values":{}}})");
  CAF_CHECK_EQUAL(e, "field 'payload' of quantize_request: expected a JSON object with a "
                     "\"type\" field");
  e = error_of(R"({"type":"quantize_request","target":"mapper","payload":{"type":"joint"}})");
  CAF_CHECK(contains(e, "field 'payload' of quantize_request: unknown message type 'joint'"));
  e = error_of(R"({"type":"quantize_request","target":"mapper","payload":[1]})");
  CAF_CHECK(contains(e, "field 'payload' of quantize_request: expected a JSON object"));
}

CAF_TEST(an actor handle cannot be given in JSON) {
  auto e = error_of(R"({"type":"quantize_request","target_actor":"mapper",
    "payload":{"type":"music_params"}})");
  CAF_CHECK(contains(e, "field 'target_actor' of quantize_request: an actor handle has no "
                        "JSON form"));
}

CAF_TEST(unknown types list the vocabulary with quantize_request) {
  auto e = error_of(R"({"type":"quantize_receipt"})");
  CAF_CHECK(contains(e, "unknown message type 'quantize_receipt'"));
  CAF_CHECK(contains(json_message_types(), "quantize_request"));
  CAF_CHECK(contains(error_of("[]"), "expected a JSON object"));
}

#define CAF_SUITE system.json_messages
#include <caf/test/unit_test.hpp>

#include <boost/json.hpp>

#include "system/messages/json_messages.hpp"
#include "system/messages/type_ids.hpp"

using namespace lume;

namespace {

std::variant<caf::message, std::string> decode(const char* text) {
  return message_from_json(boost::json::parse(text));
}

} // namespace

CAF_TEST(a JSON message of the vocabulary decodes with defaults for missing fields) {
  auto msg = decode(R"({"type":"music_params","values":{"energy":0.5}})");
  CAF_REQUIRE(std::holds_alternative<caf::message>(msg));
  auto& x = std::get<caf::message>(msg);
  CAF_REQUIRE(x.match_elements<music_params>());
  CAF_CHECK_EQUAL(x.get_as<music_params>(0).values.at("energy"), 0.5);
  CAF_CHECK_EQUAL(x.get_as<music_params>(0).origin_us, 0);
}

CAF_TEST(a JSON message that does not fit names the problem) {
  auto unknown = decode(R"({"type":"music_params","gain":1})");
  CAF_REQUIRE(std::holds_alternative<std::string>(unknown));
  CAF_CHECK_EQUAL(std::get<std::string>(unknown), "unknown field 'gain' of music_params");
  auto bad = decode(R"({"type":"music_params","values":3})");
  CAF_REQUIRE(std::holds_alternative<std::string>(bad));
  CAF_CHECK(std::get<std::string>(bad).find("fields do not fit music_params") == 0);
}

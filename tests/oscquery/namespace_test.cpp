#define CAF_SUITE oscquery.namespace
#include <caf/test/unit_test.hpp>

#include <boost/json.hpp>

#include "actors/oscquery/oscquery_namespace.hpp"
#include "net/osc_message.hpp"

using namespace lume;

namespace {

oscquery_namespace sample() {
  oscquery_namespace space{{{"/lume/param", "music params"}}};
  space.put({"/lume/param/energy", 'f', oscquery_access::read_write, "energy", 0.25, std::nullopt,
             {}});
  space.put({"/lume/clock/tempo", 'f', oscquery_access::read_write, "tempo", 120.0,
             std::make_pair(20.0, 999.0), {}});
  space.put({"/lume/clock/peers", 'i', oscquery_access::read, "peers", 2.0, std::nullopt, {}});
  space.put({"/lume/session/state", 's', oscquery_access::read_write, "state",
             std::string{"playing"}, std::nullopt, {"stopped", "playing", "paused"}});
  space.put({"/lume/director/camera", 's', oscquery_access::read_write, "camera", {},
             std::nullopt, {}});
  return space;
}

std::string json(const boost::json::object& x) {
  return boost::json::serialize(x);
}

} // namespace

CAF_TEST(a method has the attributes of the proposal and no more) {
  auto space = sample();
  CAF_CHECK_EQUAL(json(*space.node_json("/lume/clock/tempo")),
                  R"({"FULL_PATH":"/lume/clock/tempo","TYPE":"f","ACCESS":3,)"
                  R"("DESCRIPTION":"tempo","VALUE":[1.2E2],"RANGE":[{"MIN":2E1,"MAX":9.99E2}]})");
  CAF_CHECK_EQUAL(json(*space.node_json("/lume/clock/peers")),
                  R"({"FULL_PATH":"/lume/clock/peers","TYPE":"i","ACCESS":1,)"
                  R"("DESCRIPTION":"peers","VALUE":[2]})");
  CAF_CHECK_EQUAL(json(*space.node_json("/lume/session/state")),
                  R"({"FULL_PATH":"/lume/session/state","TYPE":"s","ACCESS":3,)"
                  R"("DESCRIPTION":"state","VALUE":["playing"],)"
                  R"("RANGE":[{"VALS":["stopped","playing","paused"]}]})");
}

CAF_TEST(a method whose value is not known yet has no VALUE) {
  auto space = sample();
  auto camera = *space.node_json("/lume/director/camera");
  CAF_CHECK(!camera.contains("VALUE"));
  CAF_CHECK_EQUAL(camera.at("ACCESS").as_int64(), 3);
}

CAF_TEST(the root holds every container and method under CONTENTS) {
  auto space = sample();
  auto root = *space.node_json("/");
  CAF_CHECK_EQUAL(root.at("FULL_PATH").as_string(), "/");
  CAF_CHECK_EQUAL(root.at("ACCESS").as_int64(), 0);
  CAF_CHECK(!root.contains("TYPE"));
  auto& lume = root.at("CONTENTS").at("lume").as_object();
  CAF_CHECK_EQUAL(lume.at("FULL_PATH").as_string(), "/lume");
  auto& param = lume.at("CONTENTS").at("param").as_object();
  CAF_CHECK_EQUAL(param.at("FULL_PATH").as_string(), "/lume/param");
  CAF_CHECK_EQUAL(param.at("DESCRIPTION").as_string(), "music params");
  CAF_CHECK_EQUAL(param.at("CONTENTS").at("energy").at("FULL_PATH").as_string(),
                  "/lume/param/energy");
  CAF_CHECK_EQUAL(lume.at("CONTENTS").at("clock").at("CONTENTS").as_object().size(), 2u);
}

CAF_TEST(a container alone and unknown paths) {
  auto space = sample();
  auto clock = space.node_json("/lume/clock");
  CAF_REQUIRE(clock);
  CAF_CHECK_EQUAL(clock->at("CONTENTS").at("tempo").at("TYPE").as_string(), "f");
  CAF_CHECK(!space.node_json("/lume/clo"));
  CAF_CHECK(!space.node_json("/nothing"));
  CAF_CHECK(!space.node_json("/lume/param/energy/more"));
}

CAF_TEST(removing the last method of a container removes the container) {
  auto space = sample();
  CAF_CHECK(!space.put({"/lume/param/energy", 'f', oscquery_access::read_write, "", 1.0,
                        std::nullopt, {}}));
  CAF_CHECK(space.remove("/lume/param/energy"));
  CAF_CHECK(!space.remove("/lume/param/energy"));
  CAF_CHECK(!space.node_json("/lume/param"));
  CAF_CHECK(space.paths_under("/lume/param/").empty());
  CAF_CHECK_EQUAL(space.paths_under("/lume/clock/").size(), 2u);
}

CAF_TEST(attribute names) {
  CAF_CHECK(is_oscquery_attribute("VALUE"));
  CAF_CHECK(is_oscquery_attribute("RANGE"));
  CAF_CHECK(!is_oscquery_attribute("HOST_INFO"));
  CAF_CHECK(!is_oscquery_attribute("value"));
}

CAF_TEST(single OSC messages round trip and bad ones are refused by reason) {
  auto bytes = net::encode_osc_float("/lume/param/energy", 0.5f);
  auto x = net::decode_osc_single(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                  bytes.size());
  CAF_REQUIRE(std::holds_alternative<net::osc_single>(x));
  CAF_CHECK_EQUAL(std::get<net::osc_single>(x).path, "/lume/param/energy");
  CAF_CHECK_EQUAL(std::get<net::osc_single>(x).tag, 'f');
  CAF_CHECK_EQUAL(std::get<net::osc_single>(x).number, 0.5);
  bytes = net::encode_osc_string("/lume/session/state", "playing");
  x = net::decode_osc_single(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  CAF_REQUIRE(std::holds_alternative<net::osc_single>(x));
  CAF_CHECK_EQUAL(std::get<net::osc_single>(x).text, "playing");
  auto refused = [](const std::string& data) {
    auto r = net::decode_osc_single(reinterpret_cast<const std::uint8_t*>(data.data()),
                                    data.size());
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "accepted";
  };
  CAF_CHECK_EQUAL(refused("garbage!"), "malformed");
  CAF_CHECK_EQUAL(refused(""), "malformed");
  CAF_CHECK_EQUAL(refused(std::string("#bundle\0\0\0\0\0\0\0\0\1", 16)), "bundle");
  CAF_CHECK_EQUAL(refused(bytes.substr(0, bytes.size() - 4)), "malformed");
  CAF_CHECK_EQUAL(refused(std::string("/x\0\0,\0\0\0", 8)), "argument_count");
  CAF_CHECK_EQUAL(refused(std::string("/x\0\0,T\0\0", 8)), "argument_type");
}

// The bus of a running solo node (config/solo.caf, ports moved to free ones)
// with real HTTP and WebSocket clients: every bad input gets its 4xx with a
// JSON error naming the field, the node keeps serving, `inspect bus` counts
// each refusal by reason; the token guards POST; the hubs push JSON; a
// client that never reads is dropped from and then disconnected.
// usage: lume-test-bus-process LUME_NODE SOURCE_DIR
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "tests/bus/bus_client.hpp"
#include "tests/bus/solo_config.hpp"
#include "tests/sensing/node_process.hpp"

using namespace lume::test;
using namespace std::chrono_literals;

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    ++failures;
    std::cerr << "FAIL: " << what << '\n';
  }
}

/// True if `reply` is `status` with a JSON error of `reason` naming `field`.
void expect_refusal(const http_reply& reply, unsigned status, const std::string& reason,
                    const std::string& field, const std::string& what) {
  bool ok = reply.status == status && reply.content_type == "application/json";
  boost::json::error_code ec;
  auto body = boost::json::parse(reply.body, ec);
  ok = ok && !ec && body.is_object() && body.as_object().contains("error") &&
       body.as_object().contains("reason") && body.at("reason") == reason.c_str();
  if (!field.empty())
    ok = ok && body.as_object().contains("field") && body.at("field") == field.c_str();
  check(ok, what + ": expected " + std::to_string(status) + " " + reason + " on '" + field +
              "', got " + std::to_string(reply.status) + " " + reply.body);
}

boost::json::value json_of(const std::optional<std::string>& text) {
  boost::json::error_code ec;
  if (!text)
    return nullptr;
  auto v = boost::json::parse(*text, ec);
  return ec ? boost::json::value{} : v;
}

/// The hub row of `path` in `inspect bus`.
boost::json::object hub_row(const boost::json::value& bus, const std::string& path) {
  if (bus.is_object())
    for (auto& row : bus.at("hubs").as_array())
      if (row.at("path") == path.c_str())
        return row.as_object();
  return {};
}

std::uint64_t count_of(const boost::json::object& x, const char* key) {
  auto* v = x.if_contains(key);
  return v && v->is_number() ? v->to_number<std::uint64_t>() : 0;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: lume-test-bus-process LUME_NODE SOURCE_DIR\n";
    return 2;
  }
  const std::string lume_node = argv[1];
  const std::string source_dir = argv[2];
  solo_ports ports;
  auto config = write_solo_config(source_dir, ports,
                                  {{"max-connections = 64", "max-connections = 12"},
                                   {"slow-timeout = 2s", "slow-timeout = 1s"},
                                   {"queue = 16", "queue = 4"},
                                   {"max-body = 65536", "max-body = 4096"}});
  node_process node{lume_node, config, {"--lume.inspect-port=" + std::to_string(ports.inspect)}};
  if (!node.started() || !node.running(ports.inspect, "bus")) {
    std::cerr << "FAIL: the solo node with its bus does not start\n";
    return 1;
  }
  const auto port = ports.bus;
  const std::string token = "solo";
  const std::string motion = R"({"source":"phone-test","accel":[0,0,1],"gyro":[0.1,0,0],"attitude":[0,0,0,1]})";

  // The hubs push JSON (each client closed after its check: one that stops
  // reading is a slow client).
  {
    ws_client skeleton{port, "/ws/skeleton"};
    ws_client params{port, "/ws/params"};
    ws_client clock{port, "/ws/clock"};
    check(skeleton.connected() && params.connected() && clock.connected(),
          "WebSocket clients connect to /ws/skeleton, /ws/params, /ws/clock");
    auto frame = json_of(skeleton.read(8s));
    check(frame.is_object() && frame.at("type") == "skeleton" &&
            frame.at("positions").as_array().size() == 81 &&
            frame.at("parents").as_array().size() == 27,
          "/ws/skeleton pushes 27 world positions");
    auto p = json_of(params.read(3s));
    check(p.is_object() && p.at("type") == "params" && p.at("values").as_object().contains("energy"),
          "/ws/params pushes the mapper's params");
    auto c = json_of(clock.read(3s));
    check(c.is_object() && c.at("type") == "clock" && c.at("tempo").to_number<double>() == 120.0 &&
            c.as_object().contains("sent_us") && c.as_object().contains("beat"),
          "/ws/clock pushes beat, tempo and sent_us");
  }
  ws_client cuts{port, "/ws/cuts"};
  check(cuts.connected(), "a WebSocket client connects to /ws/cuts");

  // Bad input, one case each.
  expect_refusal(http_request(port, "POST", "/echelon", "{\"source\": ", token), 400,
                 "malformed_json", "body", "malformed JSON");
  expect_refusal(http_request(port, "POST", "/echelon", "[1,2]", token), 400, "wrong_type", "body",
                 "a body that is no object");
  expect_refusal(http_request(port, "POST", "/echelon", R"({"source":"p","accel":"up"})", token),
                 400, "wrong_type", "accel", "accel of the wrong type");
  expect_refusal(http_request(port, "POST", "/echelon", R"({"source":"p","accel":[0,"x",1]})", token),
                 400, "wrong_type", "accel[1]", "a string inside accel");
  expect_refusal(http_request(port, "POST", "/echelon", R"({"source":"p","accel":[0,1]})", token),
                 400, "bad_value", "accel", "accel of two numbers");
  expect_refusal(http_request(port, "POST", "/echelon", R"({"source":"p","acel":[0,0,1]})", token),
                 400, "unknown_field", "acel", "an unknown field");
  expect_refusal(http_request(port, "POST", "/echelon", R"({"accel":[0,0,1]})", token), 400,
                 "missing_field", "source", "no source");
  expect_refusal(http_request(port, "POST", "/echelon", R"({"source":"p","features":{"a b":1}})", token),
                 400, "bad_value", "features.a b", "a bad feature name");
  expect_refusal(http_request(port, "POST", "/echelon", std::string(8000, ' '), token), 413,
                 "body_too_large", "body", "an oversize body");
  expect_refusal(http_request(port, "GET", "/echelon"), 405, "method_not_allowed", "method",
                 "GET on a POST endpoint");
  expect_refusal(http_request(port, "DELETE", "/state"), 405, "method_not_allowed", "method",
                 "DELETE /state");
  expect_refusal(http_request(port, "GET", "/nothing/here"), 404, "not_found", "path",
                 "an unknown path");
  expect_refusal(raw_request(port, "GET /stage/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
                 400, "bad_path", "path", "a path leaving the stage folder");
  expect_refusal(raw_request(port, "GET /stage/%2e%2e/x HTTP/1.1\r\nHost: x\r\n\r\n"), 400,
                 "bad_path", "path", "an encoded path");
  expect_refusal(raw_request(port, "HELLO\r\n\r\n"), 400, "malformed_request", "",
                 "a request that is no HTTP");
  expect_refusal(http_request(port, "GET", "/ws/params"), 426, "not_websocket", "path",
                 "a hub without upgrade");
  {
    ws_client nowhere{port, "/ws/nothing"};
    check(!nowhere.connected(), "no WebSocket at an unknown hub");
    expect_refusal(nowhere.refusal(), 404, "not_a_hub", "path", "an upgrade to an unknown hub");
  }
  expect_refusal(http_request(port, "POST", "/cue", R"({"director":{"kind":"zoom","value":"x"}})", token),
                 400, "bad_value", "director.kind", "a cue of an unknown kind");
  expect_refusal(http_request(port, "POST", "/cue", R"({"session":"dance"})", token), 400,
                 "bad_value", "session", "an unknown session command");
  expect_refusal(http_request(port, "POST", "/cue", R"({"session":{"command":"goto"}})", token),
                 400, "missing_field", "session.argument", "goto without a song");

  // POST /command: the allow-list, the inspector's refusal, its answer;
  // /ws/mesh: the mesh with each actor's rate; `/`: the dashboard.
  expect_refusal(http_request(port, "POST", "/command", R"({"command":"send bus {}"})", token), 400,
                 "bad_value", "command", "a command off the allow-list");
  expect_refusal(http_request(port, "POST", "/command", R"({"command":"kill a\nquit"})", token),
                 400, "bad_value", "command", "two lines in one command");
  expect_refusal(http_request(port, "POST", "/command", R"({"command":"restart nobody"})", token),
                 409, "refused", "command", "a command the inspector refuses");
  auto tempo = http_request(port, "POST", "/command", R"({"command":"tempo 121"})", token);
  auto tempo_json = json_of(tempo.body);
  check(tempo.status == 200 && tempo_json.is_object() && tempo_json.at("ok") == true &&
          tempo_json.at("data").at("tempo").to_number<double>() == 121.0,
        "POST /command runs tempo on the inspector, got " + tempo.body);
  {
    ws_client mesh{port, "/ws/mesh"};
    auto m = json_of(mesh.read(5s));
    check(m.is_object() && m.at("type") == "mesh" && m.at("nodes").is_array() &&
            m.at("actors").is_array() && !m.at("actors").as_array().empty() &&
            m.at("actors").as_array()[0].as_object().contains("rate") &&
            m.at("stats").is_array() && m.at("latency").is_array(),
          "/ws/mesh pushes nodes, actors with rates, stats and latency");
  }
  auto index = http_request(port, "GET", "/");
  check(index.status == 200 && index.body.find("LUME dashboard") != std::string::npos,
        "/ serves the dashboard");

  // The token.
  expect_refusal(http_request(port, "POST", "/echelon", motion), 401, "unauthorized",
                 "authorization", "POST without a token");
  expect_refusal(http_request(port, "POST", "/echelon", motion, "wrong"), 401, "unauthorized",
                 "authorization", "POST with a wrong token");
  auto accepted = http_request(port, "POST", "/echelon", motion, token);
  check(accepted.status == 202, "a good /echelon is accepted with 202, got " +
                                  std::to_string(accepted.status) + " " + accepted.body);
  auto features = http_request(port, "POST", "/echelon",
                               R"({"source":"phone-test","features":{"echelon.tilt":0.5}})", token);
  check(features.status == 202, "named features are accepted with 202");
  auto cue = http_request(port, "POST", "/cue", R"({"session":"next"})", token);
  check(cue.status == 200 && cue.body.find("\"ok\":true") != std::string::npos,
        "a session cue is answered by the session: " + cue.body);

  // Too many connections: 12 allowed, /ws/cuts holds 1.
  {
    std::vector<std::unique_ptr<idle_connection>> idle;
    for (int i = 0; i < 11; ++i)
      idle.push_back(std::make_unique<idle_connection>(port));
    std::this_thread::sleep_for(200ms);
    expect_refusal(http_request(port, "GET", "/state"), 429, "too_many_connections", "connections",
                   "a connection past max-connections");
  }
  std::this_thread::sleep_for(300ms);

  // A cut sent through the REPL reaches /ws/cuts (an epoch above the
  // solo director's own, whose cuts are then stale at the bus).
  node.command(ports.inspect, R"(send bus {"type":"director_cut","kind":"scene","value":"storm","camera":"cam-1","scene":"storm","section":"intro","reason":"test","epoch":1000000,"seq":1,"at_beat":4})");
  // The director's own cuts may come first.
  auto cut = json_of(cuts.read(3s));
  for (int i = 0; i < 16 && cut.is_object() && cut.at("value") != "storm"; ++i)
    cut = json_of(cuts.read(3s));
  check(cut.is_object() && cut.at("type") == "cut" && cut.at("value") == "storm",
        "a director_cut sent to the bus reaches /ws/cuts");

  // A session state and a styled frame sent through the REPL.
  {
    ws_client visuals{port, "/ws/visuals"};
    node.command(ports.inspect, R"(send bus {"type":"session_state","state":"playing","song":"Demo","section":"intro","epoch":1000000,"seq":1})");
    // An epoch above the solo inference actor's own, whose frames are then
    // stale at the bus (they may be announced first).
    node.command(ports.inspect, R"(send bus {"type":"styled_frame","image":[137,80,78,71],"media_type":"image/png","width":1,"height":1,"epoch":1000000,"seq":3})");
    auto announced = json_of(visuals.read(3s));
    for (int i = 0; i < 16 && announced.is_object() && announced.at("epoch") != 1000000; ++i)
      announced = json_of(visuals.read(3s));
    check(announced.is_object() && announced.at("type") == "visuals" && announced.at("seq") == 3 &&
            announced.at("bytes") == 4,
          "a styled_frame is announced on /ws/visuals");
    auto image = http_request(port, "GET", "/visuals/latest");
    check(image.status == 200 && image.content_type == "image/png" &&
            image.body == std::string{"\x89PNG"},
          "GET /visuals/latest serves the styled frame's bytes as image/png");
    node.command(ports.inspect, R"(send bus {"type":"styled_frame","image":[1],"media_type":"image/png","epoch":1000000,"seq":2})");
    check(http_request(port, "GET", "/visuals/latest").body == std::string{"\x89PNG"},
          "an older styled_frame (seq 2 after 3) is dropped");
  }

  // A client that never reads: dropped from, then disconnected; the others go on.
  ws_client slow{port, "/ws/skeleton", 4096};
  check(slow.connected(), "the slow client connects");
  // Its buffers fill within seconds (longer on a loaded box): waits for the
  // disconnect without reading.
  auto bus = node.command(ports.inspect, "inspect bus");
  auto row = hub_row(bus, "/ws/skeleton");
  for (int i = 0; i < 30 && count_of(row, "slow_disconnects") == 0; ++i) {
    std::this_thread::sleep_for(500ms);
    bus = node.command(ports.inspect, "inspect bus");
    row = hub_row(bus, "/ws/skeleton");
  }
  check(count_of(row, "dropped") > 0, "messages for the slow client are dropped");
  check(count_of(row, "slow_disconnects") >= 1, "the slow client is disconnected");
  check(slow.closed_by_server(5s), "the slow client sees the server close");

  // The node keeps serving.
  auto state = http_request(port, "GET", "/state");
  auto s = json_of(state.body);
  check(state.status == 200 && s.is_object() && s.as_object().contains("nodes") &&
          s.as_object().contains("actors") && s.as_object().contains("clock") &&
          s.as_object().contains("session") && s.as_object().contains("params") &&
          s.at("director").at("scene") == "storm" && s.at("session").at("song") == "Demo",
        "GET /state shows nodes, actors, clock, session, director and params after it all");
  auto page = http_request(port, "GET", "/stage");
  check(page.status == 200 && page.content_type.rfind("text/html", 0) == 0 &&
          page.body.find("main.js") != std::string::npos,
        "/stage serves the stage view as HTML");
  auto script = http_request(port, "GET", "/stage/main.js");
  check(script.status == 200 && script.content_type.rfind("text/javascript", 0) == 0,
        "/stage/main.js is served as JavaScript");
  ws_client fast{port, "/ws/skeleton"};
  check(json_of(fast.read(3s)).is_object(), "a new client still gets skeletons");

  // Every refusal counted by reason.
  bus = node.command(ports.inspect, "inspect bus");
  if (bus.is_object()) {
    auto& refusals = bus.at("refusals").as_object();
    for (auto reason : {"malformed_json", "wrong_type", "bad_value", "unknown_field",
                        "missing_field", "body_too_large", "method_not_allowed", "not_found",
                        "bad_path", "malformed_request", "not_websocket", "not_a_hub",
                        "unauthorized", "too_many_connections"})
      check(count_of(refusals, reason) >= 1, std::string{"inspect bus counts "} + reason);
    check(count_of(refusals, "wrong_type") >= 3, "inspect bus counts each wrong_type");
    check(count_of(bus.as_object(), "echelon_accepted") == 2, "two /echelon bodies accepted");
    auto subscribers = bus.at("subscribers").as_array();
    check(!subscribers.empty() && count_of(subscribers[0].as_object(), "sent") >= 1,
          "the phone_motion went to motion-features");
  } else {
    check(false, "inspect bus answers");
  }
  check(node.stop() == 0, "SIGTERM stops the node with 0");
  std::filesystem::remove(config);
  if (failures == 0)
    std::cout << "bus process test passed\n";
  return failures == 0 ? 0 : 1;
}

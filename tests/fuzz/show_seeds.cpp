#include "tests/fuzz/show_seeds.hpp"

#include <string>
#include <variant>

#include "net/osc_message.hpp"
#include "net/sdapi/base64.hpp"
#include "net/sdapi/png_codec.hpp"

namespace lume::fuzz {

namespace {

/// An HTTP/1.1 request; `body` gets its Content-Length.
std::string request(const std::string& method, const std::string& target,
                    const std::string& headers = {}, const std::string& body = {}) {
  std::string x = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:9404\r\n" + headers;
  if (!body.empty() || method == "POST")
    x += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return x + "\r\n" + body;
}

const std::string upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Sec-WebSocket-Version: 13\r\n";
const std::string json_post = "Authorization: Bearer secret\r\nContent-Type: application/json\r\n";

/// The bus test's and the dashboard's requests, whole and byte by byte;
/// OSCQuery's with the first byte's high bit.
void http_seeds(corpus& out) {
  const std::string bus[][2] = {
    {"state", request("GET", "/state")},
    {"echelon", request("POST", "/echelon", json_post,
                        R"({"source":"phone-test","accel":[0.1,-9.8,0.3]})")},
    {"cue", request("POST", "/cue", json_post, R"({"session":"next"})")},
    {"command", request("POST", "/command", json_post, R"({"command":"tempo 121"})")},
    {"upgrade", request("GET", "/ws/params", upgrade)},
    {"not-a-hub", request("GET", "/ws/nothing", upgrade)},
    {"keep-alive", request("GET", "/") + request("HEAD", "/stage/") +
                     request("GET", "/stage/js/app.js") + request("GET", "/stage/../secret.txt") +
                     request("GET", "/stage/up/secret.txt") + request("GET", "/stage/escape.txt") +
                     request("GET", "/ws/params") + request("DELETE", "/stage/") +
                     request("GET", "/echelon") + request("GET", "/visuals/latest?seq=3") +
                     request("GET", "/nothing", "Connection: close\r\n")},
    {"chunked", "POST /cue HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                "b\r\n{\"session\":\r\n8\r\n\"next\"}\r\n0\r\n\r\n"},
    {"too-large", request("POST", "/echelon", json_post, std::string(300, ' '))},
    {"http10", "GET /stage/index.html HTTP/1.0\r\n\r\n"},
  };
  for (auto& [name, text] : bus) {
    out.write("bus-" + name, std::string(1, char(0x7F)) + text);
    out.write("bus-" + name + "-bytewise", std::string(1, char(0x00)) + text);
  }
  const std::string oscquery[][2] = {
    {"root", request("GET", "/")},
    {"host-info", request("GET", "/?HOST_INFO")},
    {"value", request("GET", "/lume/param/pan?VALUE") + request("GET", "/lume/param/")},
    {"listen", request("GET", "/", upgrade)},
  };
  for (auto& [name, text] : oscquery)
    out.write("oscquery-" + name, std::string(1, char(0xFF)) + text);
}

void echelon_seeds(corpus& out) {
  const char* bodies[] = {
    R"({"source": "phone-1", "accel": [0.1, -9.8, 0.3], "gyro": [0, 0.5, 0],)"
    R"( "attitude": [0, 0, 0.3826834, 0.9238795], "features": {"echelon.tilt": 0.5, "a_b-c": -2}})",
    R"({"source":"phone-test","accel":[0,0,1]})",
    R"({"source":"phone-test","features":{"echelon.tilt":0.5}})",
    R"({"source":"p","attitude":[0,0,0,0]})",
    R"({"source":"p","accel":[0,"x",1]})",
    R"({"source":"p","acel":[0,0,1]})",
    R"({"accel":[0,0,1]})",
    R"({"source":"p","features":{"a b":1}})",
    R"({"source": )",
    "[1,2]",
  };
  int i = 0;
  for (const char* body : bodies)
    out.write("body-" + std::to_string(i++), std::string{body});
}

void cue_seeds(corpus& out) {
  const char* bodies[] = {
    R"({"session": "next"})",
    R"({"session": {"command": "goto", "argument": "Song B"}})",
    R"({"session": {"command": "record", "argument": "on"}})",
    R"({"director": {"kind": "scene", "value": "storm", "rule": "bar"}})",
    R"({"director": {"kind": "camera", "value": "wide"}})",
    R"({"director":{"kind":"zoom","value":"x"}})",
    R"({"session":"dance"})",
    R"({"session":{"command":"goto"}})",
    R"({"session":"next","director":{"kind":"scene","value":"calm"}})",
  };
  int i = 0;
  for (const char* body : bodies)
    out.write("body-" + std::to_string(i++), std::string{body});
}

void command_seeds(corpus& out) {
  const char* bodies[] = {
    R"({"command": "kill probe"})",     R"({"command": "move director mac5"})",
    R"({"command": "tempo 128"})",      R"({"command": "restart strudel"})",
    R"({"command":"send bus {}"})",     R"({"command":"kill a\nquit"})",
    R"({"command":"restart nobody"})",
  };
  int i = 0;
  for (const char* body : bodies)
    out.write("body-" + std::to_string(i++), std::string{body});
}

/// What tools/strudel-host sends to a bridge (lib/host.mjs, lib/server.mjs).
void strudel_seeds(corpus& out) {
  const char* messages[] = {
    R"x({"type":"ping","id":1,"host_ms":12345.678})x",
    R"x({"type":"accepted","id":3,"cycle":12,"beat":48})x",
    R"x({"type":"applied","id":3,"cycle":12,"beat":48})x",
    R"x({"type":"error","id":2,"phase":"syntax","message":"Unexpected token (1:5)","line":1,"column":5})x",
    R"x({"type":"refused","reason":"binary","detail":"messages are JSON text"})x",
    R"x({"type":"health","events_per_s":12,"haps":480,"late":0,"resyncs":1,"queries":40,)x"
    R"x("query_ms":0.68,"cycle":10.25,"tempo":120,"code_id":3,"code":"s(\"bd sd\")",)x"
    R"x("pending":{"id":4,"cycle":12},"errors":1,"last_error":{"id":2,"phase":"syntax",)x"
    R"x("message":"x","line":1,"column":5},"params":{"energy":0.5},"param_updates":7,)x"
    R"x("clock_messages":3,"players":1,"osc":{"sent":480,"errors":0,"last_error":null}})x",
    R"x({"type":"health","events_per_s":0,"cycle":null,"tempo":null,"code":null,"pending":null})x",
    R"x({"type":"state"})x",
  };
  int i = 0;
  for (const char* m : messages)
    out.write("message-" + std::to_string(i++), std::string{m});
}

std::string png_base64(std::uint32_t width, std::uint32_t height, std::uint32_t channels) {
  net::pixel_image image;
  image.width = width;
  image.height = height;
  image.channels = channels;
  image.pixels.resize(std::size_t{width} * height * channels);
  for (std::size_t i = 0; i < image.pixels.size(); ++i)
    image.pixels[i] = static_cast<std::uint8_t>(i * 37 + i / 7);
  const auto file = std::get<std::vector<std::uint8_t>>(net::encode_png(image));
  return net::base64_encode(file.data(), file.size());
}

/// Answers as tools/inference-server gives them (sdapi.mjs), its injected
/// faults included, with images made by LUME's own PNG and base64 encoders.
void sdapi_seeds(corpus& out) {
  const std::string parameters = R"("parameters":{"prompt":"storm","steps":4,"width":128},)";
  const std::string info = R"("info":"{\"note\":\"stand-in\",\"model\":\"esrgan\",\"compute_ms\":234.5}")";
  auto answer = [&](const std::string& image) {
    return R"({"images":[")" + image + "\"]," + parameters + info + "}";
  };
  out.write("rgb-8", answer(png_base64(8, 8, 3)));
  out.write("gray-4x3", answer(png_base64(4, 3, 1)));
  out.write("rgb-64", answer(png_base64(64, 64, 3)));
  out.write("oversize", answer(png_base64(65, 1, 1)));
  out.write("data-url", answer("data:image/png;base64," + png_base64(2, 2, 3)));
  out.write("cut", std::string{R"({"images": [")"});
  out.write("bad-base64", answer("%%% not base64 %%%"));
  const std::string not_png = "this is not a PNG file";
  out.write("not-png", answer(net::base64_encode(reinterpret_cast<const std::uint8_t*>(not_png.data()),
                                                 not_png.size())));
  out.write("empty", std::string{R"({"images":[],"parameters":{},"info":"{}"})"});
  out.write("interrupted", std::string{R"({"images":[],"info":"{\"interrupted\":true}"})"});
}

/// What the oscquery client test asks (tests/oscquery/oscquery_test.mjs):
/// first byte 0 a request target, 1 a WebSocket message.
void oscquery_query_seeds(corpus& out) {
  const char* targets[] = {"/", "/?HOST_INFO", "/lume/param/pan?VALUE", "/lume/param/nothing",
                           "/lume/param/pan?BOGUS", "/lume/param?VALUE", "/lume/clock/tempo?RANGE",
                           "/lume/session/state", "/lume/director/", "/lume/clock/peers?ACCESS"};
  int i = 0;
  for (const char* t : targets)
    out.write("query-" + std::to_string(i++), std::string(1, '\0') + t);
  out.write("listen", std::string(1, '\1') + R"({"COMMAND":"LISTEN","DATA":"/lume/param/pan"})");
  out.write("ignore", std::string(1, '\1') + R"({"COMMAND":"IGNORE","DATA":"/lume/param/pan"})");
}

/// Writes as the client test sends them, and what LISTEN streams.
void oscquery_osc_seeds(corpus& out) {
  auto as_bytes = [](const std::string& x) { return bytes(x.begin(), x.end()); };
  bytes bundle{'#', 'b', 'u', 'n', 'd', 'l', 'e', '\0'};
  bundle.resize(16);
  out.write_records("writes",
                    {as_bytes(net::encode_osc_float("/lume/param/pan", 0.75f)),
                     as_bytes(net::encode_osc_float("/lume/clock/tempo", 133.f)),
                     as_bytes(net::encode_osc_string("/lume/director/scene", "storm")),
                     as_bytes(net::encode_osc_string("/lume/session/state", "paused")),
                     as_bytes(net::encode_osc_string("/lume/session/song", "Demo")),
                     as_bytes(net::encode_osc_int("/lume/clock/peers", 3)),
                     bundle},
                    0, 7);
}

} // namespace

std::vector<corpus> write_show_seeds(const std::filesystem::path& root) {
  std::vector<corpus> out;
  auto next = [&](const char* target) -> corpus& { return out.emplace_back(root, target); };
  http_seeds(next("http_request"));
  echelon_seeds(next("bus_echelon"));
  cue_seeds(next("bus_cue"));
  command_seeds(next("bus_command"));
  strudel_seeds(next("strudel_host"));
  sdapi_seeds(next("sdapi_answer"));
  oscquery_query_seeds(next("oscquery_query"));
  oscquery_osc_seeds(next("oscquery_osc"));
  return out;
}

} // namespace lume::fuzz

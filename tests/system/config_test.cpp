#define CAF_SUITE system.config
#include <caf/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "actors/catalog.hpp"
#include "system/mesh/mesh_tls.hpp"
#include "system/node/load_config.hpp"

using namespace lume;

namespace {

/// Writes a config to a temporary file and loads it like lume-node does.
struct fixture {
  std::string path;
  std::shared_ptr<const kind_catalog> kinds = all_kinds();

  fixture() {
    char name[] = "/tmp/lume-config-XXXXXX";
    auto fd = mkstemp(name);
    close(fd);
    path = name;
  }

  ~fixture() {
    std::remove(path.c_str());
  }

  std::variant<node_config, config_error> load(const std::string& text,
                                               std::vector<std::string> args = {}) {
    std::ofstream{path} << text;
    system_config cfg;
    return load_config(cfg, path, std::move(args), *kinds);
  }

  config_error error_of(const std::string& text, std::vector<std::string> args = {}) {
    auto result = load(text, std::move(args));
    if (auto err = std::get_if<config_error>(&result))
      return *err;
    CAF_FAIL("expected a config error");
  }
};

const std::string good = R"([lume]
node = "solo"
inspect-port = 7700
actors = [
  { name = "root", kind = "supervisor", strategy = "one_for_all", intensity = 2, period = 3s },
  { name = "beat", kind = "ticker", supervisor = "root", restart = "transient",
    options = { target = "127.0.0.1:9799", interval = 20ms } },
]
[middleman]
heartbeat-interval = 100ms
)";

} // namespace

CAF_TEST_FIXTURE_SCOPE(config_tests, fixture)

CAF_TEST(a good config yields the node and its actor tree) {
  auto result = load(good);
  CAF_REQUIRE(std::holds_alternative<node_config>(result));
  auto& cfg = std::get<node_config>(result);
  CAF_CHECK_EQUAL(cfg.node, "solo");
  CAF_CHECK_EQUAL(cfg.inspect_port, 7700u);
  CAF_REQUIRE_EQUAL(cfg.actors.size(), 2u);
  CAF_CHECK_EQUAL(cfg.actors[0].flags.strategy, restart_strategy::one_for_all);
  CAF_CHECK_EQUAL(cfg.actors[0].flags.intensity, 2);
  CAF_CHECK_EQUAL(cfg.actors[0].flags.period, std::chrono::seconds{3});
  CAF_CHECK_EQUAL(cfg.actors[1].restart, restart_type::transient);
  CAF_CHECK_EQUAL(caf::get_or(cfg.actors[1].options, "interval", caf::timespan{}),
                  std::chrono::milliseconds{20});
}

CAF_TEST(the command line overrides the file) {
  auto result = load(good, {"--lume.inspect-port=7801", "--lume.node=other"});
  CAF_REQUIRE(std::holds_alternative<node_config>(result));
  CAF_CHECK_EQUAL(std::get<node_config>(result).inspect_port, 7801u);
  CAF_CHECK_EQUAL(std::get<node_config>(result).node, "other");
}

CAF_TEST(boolean options take true and false on the command line) {
  auto on = load(good, {"--lume.clock.link=true"});
  CAF_REQUIRE(std::holds_alternative<node_config>(on));
  CAF_CHECK(std::get<node_config>(on).clock.link);
  auto off = load(good + "[lume.clock]\nlink = true\n", {"--lume.clock.link=false"});
  CAF_REQUIRE(std::holds_alternative<node_config>(off));
  CAF_CHECK(!std::get<node_config>(off).clock.link);
  CAF_CHECK_EQUAL(error_of(good, {"--lume.clock.link=yes"}).key, "lume.clock.link");
}

const std::string tls_mesh = "[lume.mesh]\nport = 7800\ntls = { enabled = true, ";

CAF_TEST(mesh tls needs its files and resolves them against the config folder) {
  auto err = error_of(good + tls_mesh + "certificate = \"n.crt\", key = \"n.key\" }\n");
  CAF_CHECK_EQUAL(err.key, "lume.mesh.tls.ca");
  CAF_CHECK(err.message.find("TLS is enabled") != std::string::npos);
  auto result = load(good + tls_mesh
                     + "ca = \"mesh/ca.crt\",\n certificate = \"/etc/n.crt\", key = \"n.key\" }\n");
  CAF_REQUIRE(std::holds_alternative<node_config>(result));
  auto& tls = std::get<node_config>(result).mesh.tls;
  CAF_CHECK(tls.enabled);
  CAF_CHECK_EQUAL(tls.ca, "/tmp/mesh/ca.crt");
  CAF_CHECK_EQUAL(tls.certificate, "/etc/n.crt");
  CAF_CHECK_EQUAL(tls.key, "/tmp/n.key");
  // The files do not exist: the check before CAF loads them names the key.
  auto missing = check_mesh_tls(std::get<node_config>(result));
  CAF_REQUIRE(missing.has_value());
  CAF_CHECK_EQUAL(missing->key, "lume.mesh.tls.ca");
  CAF_CHECK_EQUAL(missing->file, path);
  CAF_CHECK(missing->line > 0);
  CAF_CHECK(missing->message.find("cannot read '/tmp/mesh/ca.crt'") != std::string::npos);
  // Off by override: nothing to check.
  auto off = load(good + tls_mesh + "}\n", {"--lume.mesh.tls.enabled=false"});
  CAF_REQUIRE(std::holds_alternative<node_config>(off));
  CAF_CHECK(!check_mesh_tls(std::get<node_config>(off)));
}

CAF_TEST(the reference hosts run the mesh over tls and solo needs none) {
  for (auto host : {"solo", "k11", "mac1", "mac5", "motionmix", "cloud-vm"}) {
    system_config cfg;
    auto file = std::string{LUME_SOURCE_DIR} + "/config/" + host + ".caf";
    auto result = load_config(cfg, file, {}, *kinds);
    CAF_REQUIRE(std::holds_alternative<node_config>(result));
    auto& mesh = std::get<node_config>(result).mesh;
    CAF_CHECK_EQUAL(mesh.tls.enabled && mesh.port != 0, std::string{host} != "solo");
    CAF_CHECK_EQUAL(mesh.tls.certificate == "/etc/lume/mesh/" + std::string{host} + ".crt",
                    std::string{host} != "solo");
  }
}

CAF_TEST(every shipped config loads) {
  for (auto host : {"solo", "k11", "mac1", "mac5", "motionmix", "cloud-vm"}) {
    system_config cfg;
    auto file = std::string{LUME_SOURCE_DIR} + "/config/" + host + ".caf";
    auto result = load_config(cfg, file, {}, *kinds);
    if (auto err = std::get_if<config_error>(&result))
      CAF_FAIL(err->to_string());
    CAF_CHECK_EQUAL(std::get<node_config>(result).node, host);
  }
}

CAF_TEST(a missing file is named) {
  system_config cfg;
  auto result = load_config(cfg, "/nonexistent/lume.caf", {}, *kinds);
  CAF_REQUIRE(std::holds_alternative<config_error>(result));
  CAF_CHECK_EQUAL(std::get<config_error>(result).to_string(),
                  "/nonexistent/lume.caf: cannot open the config file");
}

CAF_TEST(a syntax error names the line) {
  auto err = error_of("[lume]\nnode = \"solo\"\ninspect-port = = 3\n");
  CAF_CHECK_EQUAL(err.file, path);
  CAF_CHECK_EQUAL(err.line, 3);
  CAF_CHECK(err.message.find("syntax error") != std::string::npos);
}

CAF_TEST(an unknown key names line and key) {
  auto err = error_of("[lume]\nnode = \"solo\"\ninspect-prot = 3\n");
  CAF_CHECK_EQUAL(err.to_string(), path + ":3: key 'lume.inspect-prot': unknown key");
}

CAF_TEST(an unknown section key names line and key) {
  auto err = error_of("[middleman]\nheartbeat-intervall = 1s\n");
  CAF_CHECK_EQUAL(err.line, 2);
  CAF_CHECK_EQUAL(err.key, "middleman.heartbeat-intervall");
}

CAF_TEST(a wrong type names line and key and type) {
  auto err = error_of("[lume]\nnode = \"solo\"\ninspect-port = \"high\"\n");
  CAF_CHECK_EQUAL(err.line, 3);
  CAF_CHECK_EQUAL(err.key, "lume.inspect-port");
  CAF_CHECK(err.message.find("expects a value of type") != std::string::npos);
}

CAF_TEST(an unknown actor kind names the entry) {
  auto text = good;
  text.replace(text.find("kind = \"ticker\""), 15, "kind = \"tickr\"");
  auto err = error_of(text);
  CAF_CHECK_EQUAL(err.key, "lume.actors[1].kind");
  CAF_CHECK_EQUAL(err.line, 6);
  CAF_CHECK_EQUAL(err.message, "unknown actor kind 'tickr'");
}

CAF_TEST(an unknown supervisor names the entry) {
  auto text = good;
  text.replace(text.find("supervisor = \"root\""), 19, "supervisor = \"rot\"");
  auto err = error_of(text);
  CAF_CHECK_EQUAL(err.key, "lume.actors[1].supervisor");
  CAF_CHECK_EQUAL(err.line, 6);
}

CAF_TEST(unknown and mistyped actor options name the option) {
  auto text = good;
  text.replace(text.find("interval = 20ms"), 15, "intervall = 20ms");
  CAF_CHECK_EQUAL(error_of(text).key, "lume.actors[1].options.intervall");
  text = good;
  text.replace(text.find("interval = 20ms"), 15, "interval = \"soon\"");
  auto err = error_of(text);
  CAF_CHECK_EQUAL(err.key, "lume.actors[1].options.interval");
  CAF_CHECK_EQUAL(err.line, 7);
}

CAF_TEST(bad strategies and restart types are refused) {
  auto text = good;
  text.replace(text.find("one_for_all"), 11, "one_for_some");
  CAF_CHECK_EQUAL(error_of(text).key, "lume.actors[0].strategy");
  text = good;
  text.replace(text.find("transient"), 9, "sometimes");
  CAF_CHECK_EQUAL(error_of(text).key, "lume.actors[1].restart");
}

CAF_TEST(the first actor must be the root supervisor) {
  auto err = error_of("[lume]\nnode = \"x\"\nactors = [\n  { name = \"t\", kind = \"ticker\" },\n]\n");
  CAF_CHECK_EQUAL(err.key, "lume.actors[0].kind");
  CAF_CHECK_EQUAL(err.line, 4);
}

CAF_TEST(duplicate names are refused) {
  auto text = good;
  text.replace(text.find("name = \"beat\""), 13, "name = \"root\"");
  CAF_CHECK_EQUAL(error_of(text).message, "duplicate actor name 'root'");
}

CAF_TEST(an unknown command line key is refused) {
  auto err = error_of(good, {"--lume.inspect-prot=3"});
  CAF_CHECK_EQUAL(err.file, "");
  CAF_CHECK(err.to_string().find("command line") == 0);
}

CAF_TEST(a duration beyond the timespan range names its line) {
  // CAF's parser would multiply 3e10 s into nanoseconds with signed overflow
  // (found by tests/fuzz/config_fuzz.cpp).
  auto err = error_of("[lume]\nnode = \"x\"\n[lume.mesh]\ndown-after = 30000000000s\n");
  CAF_CHECK_EQUAL(err.line, 4);
  CAF_CHECK(err.message.find("duration out of range") != std::string::npos);
  // In CAF's other integer forms too (the fuzzer's second finding: a
  // hexadecimal count of seconds).
  for (auto* text : {"d = -0x3333333333333333s\n", "d = 0x7fffffffffs\n",
                     "d = 0b11111111111111111111111111111111111111s\n",
                     "d = 0777777777777777s\n"}) {
    auto hex = error_of(std::string{"[lume]\nnode = \"x\"\n[lume.mesh]\n"} + text);
    CAF_CHECK_EQUAL(hex.line, 4);
    CAF_CHECK(hex.message.find("duration out of range") != std::string::npos);
  }
  // The largest that fits, and the same digits inside a string, are fine.
  auto ok = load("[lume]\nnode = \"30000000000s\"\n[lume.mesh]\ndown-after = 9223372036s\n");
  if (auto other = std::get_if<config_error>(&ok))
    CAF_CHECK(other->message.find("duration out of range") == std::string::npos);
}

CAF_TEST_FIXTURE_SCOPE_END()

#define CAF_SUITE system.access
#include <caf/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "actors/catalog.hpp"
#include "system/inspect/access.hpp"
#include "system/inspect/command_table.hpp"
#include "system/inspect/connection_guard.hpp"
#include "system/inspect/inspect_server.hpp"
#include "system/node/load_config.hpp"

using namespace lume;
using namespace std::chrono_literals;

namespace {

bool needs(const std::string& line) {
  return needs_token(split_command(line));
}

} // namespace

CAF_TEST(every command that changes the show needs the token) {
  for (auto line : {"kill mapper", "move director mac5", "restart mapper", "stop audio",
                    "start audio", "send mapper {\"type\":\"music_params\"}", "tempo 120",
                    "session start", "session goto 2", "session record on", "latency reset",
                    "calibrate", "calibrate 10 mapper"})
    if (!needs(line))
      CAF_FAIL("'" << line << "' should need the token");
  for (auto line : {"help", "help kill", "nodes", "nodes --self", "actors", "actors --local",
                    "inspect mapper", "inspect", "tree", "stats", "stats --local",
                    "trace mapper 5", "clock", "session", "latency", "latency --json", "quit",
                    "", "nonsense words"})
    if (needs(line))
      CAF_FAIL("'" << line << "' should not need the token");
}

CAF_TEST(every command of the table declares its access) {
  for (auto& entry : command_table()) {
    auto access = entry.access;
    CAF_CHECK(access == command_access::read || access == command_access::write
              || access == command_access::read_bare);
  }
  CAF_CHECK(!writes(command_access::read_bare, {"--json"}));
  CAF_CHECK(writes(command_access::read_bare, {"--json", "reset"}));
}

CAF_TEST(tokens match only themselves) {
  CAF_CHECK(token_matches("s3cret-token", "s3cret-token"));
  CAF_CHECK(!token_matches("s3cret-token", "s3cret-tokeN"));
  CAF_CHECK(!token_matches("s3cret-token", "s3cret"));
  CAF_CHECK(!token_matches("s3cret-token", ""));
  CAF_CHECK(!token_matches("", ""));
}

CAF_TEST(the token bucket allows the burst then the rate) {
  auto t0 = token_bucket::clock::time_point{} + 1h;
  token_bucket bucket{10, 3, t0};
  CAF_CHECK(bucket.take(t0));
  CAF_CHECK(bucket.take(t0));
  CAF_CHECK(bucket.take(t0));
  CAF_CHECK(!bucket.take(t0));
  CAF_CHECK(!bucket.take(t0 + 50ms));  // half a token back
  CAF_CHECK(bucket.take(t0 + 100ms));  // one
  CAF_CHECK(!bucket.take(t0 + 100ms));
  // Idle for long: full again, never more than the burst.
  CAF_CHECK(bucket.take(t0 + 10s));
  CAF_CHECK(bucket.take(t0 + 10s));
  CAF_CHECK(bucket.take(t0 + 10s));
  CAF_CHECK(!bucket.take(t0 + 10s));
  // Time going back takes nothing and gives nothing.
  CAF_CHECK(!bucket.take(t0));
}

CAF_TEST(connections are admitted within the limits) {
  connection_admission admission{3, 2};
  CAF_CHECK(!admission.admit("10.0.0.1"));
  CAF_CHECK(!admission.admit("10.0.0.1"));
  CAF_CHECK(admission.admit("10.0.0.1") == cut_reason::connections_per_address);
  CAF_CHECK(!admission.admit("10.0.0.2"));
  CAF_CHECK(admission.admit("10.0.0.3") == cut_reason::connections);
  admission.release("10.0.0.1");
  CAF_CHECK_EQUAL(admission.open(), 2u);
  CAF_CHECK(!admission.admit("10.0.0.1"));
  admission.release("10.0.0.9"); // never admitted: nothing changes
  CAF_CHECK_EQUAL(admission.open(), 3u);
}

CAF_TEST(warnings come at most once per address per interval) {
  warning_throttle throttle{10s};
  auto t0 = warning_throttle::clock::time_point{} + 1h;
  uint64_t suppressed = 99;
  CAF_CHECK(throttle.allow("10.0.0.1", t0, suppressed));
  CAF_CHECK_EQUAL(suppressed, 0u);
  CAF_CHECK(!throttle.allow("10.0.0.1", t0 + 1s, suppressed));
  CAF_CHECK(!throttle.allow("10.0.0.1", t0 + 2s, suppressed));
  CAF_CHECK(throttle.allow("10.0.0.2", t0 + 2s, suppressed));
  CAF_CHECK(throttle.allow("10.0.0.1", t0 + 11s, suppressed));
  CAF_CHECK_EQUAL(suppressed, 2u);
}

CAF_TEST(writes are open only on loopback without a token) {
  inspection_status status;
  status.address = "127.0.0.1";
  decide_write_access(status);
  CAF_CHECK_EQUAL(status.writes, "open");
  inspection_status everywhere;
  everywhere.address = "0.0.0.0";
  decide_write_access(everywhere);
  CAF_CHECK_EQUAL(everywhere.writes, "refused");
  inspection_status with_token;
  with_token.address = "0.0.0.0";
  with_token.limits.token = "t";
  decide_write_access(with_token);
  CAF_CHECK_EQUAL(with_token.writes, "token");
  inspection_status unreadable;
  unreadable.address = "127.0.0.1";
  unreadable.limits.token_error = "token file '/x' cannot be read";
  decide_write_access(unreadable);
  CAF_CHECK_EQUAL(unreadable.writes, "refused");
  CAF_CHECK_EQUAL(unreadable.writes_error, "token file '/x' cannot be read");
  auto json = with_token.to_json();
  CAF_CHECK(json.find("token") == json.end()); // the token is never shown
}

namespace {

struct config_fixture {
  std::string folder;
  std::shared_ptr<const kind_catalog> kinds = all_kinds();

  config_fixture() {
    char name[] = "/tmp/lume-access-XXXXXX";
    folder = mkdtemp(name);
  }

  ~config_fixture() {
    for (auto file : {"/node.caf", "/inspect.token"})
      std::remove((folder + file).c_str());
    rmdir(folder.c_str());
  }

  std::variant<node_config, config_error> load(const std::string& inspect,
                                               std::vector<std::string> args = {}) {
    std::ofstream{folder + "/node.caf"}
      << "[lume]\nnode = \"solo\"\ninspect-port = 7700\n" << inspect
      << "\nactors = [ { name = \"root\", kind = \"supervisor\" } ]\n";
    system_config cfg;
    return load_config(cfg, folder + "/node.caf", std::move(args), *kinds);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(access_config_tests, config_fixture)

CAF_TEST(the token file is read relative to the config file) {
  std::ofstream{folder + "/inspect.token"} << "abc123\n";
  auto result = load("inspect = { token-file = \"inspect.token\", rate = 5.0, max-line = 1024 }");
  CAF_REQUIRE(std::holds_alternative<node_config>(result));
  auto& cfg = std::get<node_config>(result).inspect;
  CAF_CHECK_EQUAL(cfg.token, "abc123");
  CAF_CHECK_EQUAL(cfg.token_file, folder + "/inspect.token");
  CAF_CHECK(cfg.token_error.empty());
  CAF_CHECK_EQUAL(cfg.rate, 5.0);
  CAF_CHECK_EQUAL(cfg.max_line, 1024u);
}

CAF_TEST(an unreadable token file leaves the node up with writes refused) {
  auto result = load("inspect = { token-file = \"missing.token\" }");
  CAF_REQUIRE(std::holds_alternative<node_config>(result));
  auto& cfg = std::get<node_config>(result).inspect;
  CAF_CHECK(cfg.token.empty());
  CAF_MESSAGE(cfg.token_error);
  CAF_CHECK(cfg.token_error.find(folder + "/missing.token") != std::string::npos);
  CAF_CHECK(cfg.token_error.find("lume.inspect.token-file") != std::string::npos);
  CAF_CHECK(cfg.token_error.find("line 4") != std::string::npos);
}

CAF_TEST(the command line sets the token file) {
  std::ofstream{folder + "/inspect.token"} << "from-cli";
  auto result = load("", {"--lume.inspect.token-file=" + folder + "/inspect.token"});
  CAF_REQUIRE(std::holds_alternative<node_config>(result));
  CAF_CHECK_EQUAL(std::get<node_config>(result).inspect.token, "from-cli");
}

CAF_TEST(bad limits name their key) {
  auto error_of = [&](const std::string& text) {
    auto result = load(text);
    auto err = std::get_if<config_error>(&result);
    return err ? err->key : std::string{"(no error)"};
  };
  CAF_CHECK_EQUAL(error_of("inspect = { rate = 0.0 }"), "lume.inspect.rate");
  CAF_CHECK_EQUAL(error_of("inspect = { max-connections = 0 }"), "lume.inspect.max-connections");
  CAF_CHECK_EQUAL(error_of("inspect = { token = \"a b\" }"), "lume.inspect.token");
  CAF_CHECK_EQUAL(error_of("inspect = { token = \"a\", token-file = \"b\" }"),
                  "lume.inspect.token-file");
  CAF_CHECK_EQUAL(error_of("inspect = { tokn = \"a\" }"), "lume.inspect.tokn");
}

CAF_TEST_FIXTURE_SCOPE_END()

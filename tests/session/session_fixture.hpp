#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <caf/test/dsl.hpp>

#include "actors/session/session.hpp"
#include "system/clock/manual_clock.hpp"
#include "system/messages/type_ids.hpp"
#include "system/node/node_context.hpp"
#include "tests/mesh/checkpoint_sink.hpp"

namespace lume::test {

struct session_test_config : caf::actor_system_config {
  session_test_config() {
    add_message_types<caf::id_block::lume>();
  }
};

/// A node on a manual clock at 120 BPM (quantum 4, host time 0 = beat 0)
/// with the clock service, a stand-in mesh that keeps checkpoints, and a
/// sink named `bus` that keeps every session_state. CAF's test clock moves
/// in lockstep with the manual clock (`advance_to`); never `run()`.
struct session_fixture : test_coordinator_fixture<session_test_config> {
  session_fixture();
  ~session_fixture();

  /// Spawns a session from options in config syntax (`subscribers` are
  /// added); movable sessions restore and checkpoint under `epoch`.
  void start(const std::string& options, bool movable = false, uint64_t epoch = 1);

  /// The session dies without last words (its node is lost).
  void lose();

  /// Moves both clocks to `t` in steps of at most 1 ms, running what falls due.
  void advance_to(micros t);

  /// Moves both clocks to beat `beat` of the manual clock's timeline (as
  /// the tempo is on the way).
  void advance_to_beat(double beat);

  /// Sends a command and returns the answer, or the error text.
  std::variant<boost::json::object, std::string> command(const std::string& cmd,
                                                         const std::string& argument = "");

  /// A command that must succeed.
  boost::json::object must(const std::string& cmd, const std::string& argument = "");

  boost::json::object inspect();

  void cut(const std::string& section, uint64_t epoch, uint64_t seq);

  std::shared_ptr<manual_clock> clock = std::make_shared<manual_clock>(120.0, micros{0});
  std::shared_ptr<node_context> ctx;
  std::shared_ptr<checkpoint_log> checkpoints = std::make_shared<checkpoint_log>();
  std::shared_ptr<std::vector<session_state>> published
    = std::make_shared<std::vector<session_state>>();
  caf::actor service;
  caf::actor bus;
  caf::actor session;
};

/// Three songs: "dawn" (100 BPM: intro, build, drop), "noon" (128 BPM:
/// intro, peak), "dusk" (90 BPM: intro, outro).
std::string test_setlist();

} // namespace lume::test

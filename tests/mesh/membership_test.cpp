#define CAF_SUITE mesh.membership
#include <caf/test/unit_test.hpp>

#include "system/mesh/membership.hpp"

using namespace lume;
using namespace std::chrono_literals;

namespace {

struct fixture {
  mesh_config cfg;
  caf::actor_clock::time_point t0{};

  fixture() {
    cfg.peers = {{"k11", "127.0.0.1", 1}, {"mac5", "127.0.0.1", 2}};
  }

  /// A heartbeat of `node`, which sees `sees` up (by default every node).
  static mesh_heartbeat hb(std::string node,
                           std::vector<std::string> sees = {"mac1", "k11", "mac5"}) {
    return {std::move(node), 1, {}, {}, std::move(sees), {}, {}};
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(membership_tests, fixture)

CAF_TEST(peers start down and come up with a heartbeat) {
  membership view{"mac1", cfg};
  CAF_CHECK(!view.is_up("k11"));
  CAF_CHECK(view.is_up("mac1"));
  CAF_CHECK(!view.majority());
  auto changes = view.heard(hb("k11"), t0);
  CAF_REQUIRE_EQUAL(changes.size(), 1u);
  CAF_CHECK_EQUAL(changes[0].to, peer_state::up);
  CAF_CHECK(view.majority());
  CAF_CHECK_EQUAL(view.reachable(), 2u);
}

CAF_TEST(silence makes a peer suspect then down) {
  membership view{"mac1", cfg};
  view.heard(hb("k11"), t0);
  CAF_CHECK(view.tick(t0 + 100ms).empty());
  auto suspect = view.tick(t0 + 150ms);
  CAF_REQUIRE_EQUAL(suspect.size(), 1u);
  CAF_CHECK_EQUAL(suspect[0].to, peer_state::suspect);
  CAF_CHECK(view.is_up("k11"));
  auto down = view.tick(t0 + 300ms);
  CAF_REQUIRE_EQUAL(down.size(), 1u);
  CAF_CHECK_EQUAL(down[0].to, peer_state::down);
  CAF_CHECK(!view.is_up("k11"));
  CAF_CHECK(!view.majority());
}

CAF_TEST(a closed connection is down at once and a heartbeat brings it back) {
  membership view{"mac1", cfg};
  view.heard(hb("k11"), t0);
  auto lost = view.lost("k11", "connection closed");
  CAF_REQUIRE_EQUAL(lost.size(), 1u);
  CAF_CHECK_EQUAL(view.find("k11")->reason, "connection closed");
  view.heard(hb("k11"), t0 + 1s);
  CAF_CHECK_EQUAL(view.find("k11")->state, peer_state::up);
}

CAF_TEST(a peer silenced into down is fenced until a round trip) {
  membership view{"mac1", cfg};
  view.heard(hb("k11"), t0);
  view.tick(t0 + 300ms);
  CAF_CHECK(view.find("k11")->fenced);
  // A heartbeat queued during the silence arrives late: it proves nothing.
  CAF_CHECK(view.heard(hb("k11"), t0 + 400ms).empty());
  CAF_CHECK(!view.is_up("k11"));
  CAF_CHECK(!view.settled(t0, t0 + 450ms));
  view.unfence("k11");
  CAF_CHECK_EQUAL(view.heard(hb("k11"), t0 + 450ms).size(), 1u);
  CAF_CHECK(view.is_up("k11"));
}

CAF_TEST(a node is settled once it heard every peer or waited down_after) {
  membership view{"mac1", cfg};
  CAF_CHECK(!view.settled(t0, t0 + 100ms));
  view.heard(hb("k11"), t0 + 10ms);
  CAF_CHECK(!view.settled(t0, t0 + 100ms));
  view.heard(hb("mac5"), t0 + 20ms);
  CAF_CHECK(view.settled(t0, t0 + 100ms));
  membership lonely{"mac1", cfg};
  CAF_CHECK(lonely.settled(t0, t0 + 300ms));
}

CAF_TEST(a peer that does not see this node up does not count towards its majority) {
  // Under loss k11 may hear mac1 while mac1 hears k11 too rarely: k11 is up
  // for mac1, but k11 has called mac1 down.
  membership view{"mac1", cfg};
  view.heard(hb("k11", {"mac5"}), t0);
  CAF_CHECK(view.is_up("k11"));
  CAF_CHECK(!view.is_mutual("k11"));
  CAF_CHECK(!view.majority());
  CAF_CHECK_EQUAL(view.reachable(), 1u);
  view.heard(hb("k11", {"mac1", "mac5"}), t0 + 50ms);
  CAF_CHECK(view.is_mutual("k11"));
  CAF_CHECK(view.majority());
  // Down clears what the peer saw.
  view.lost("k11", "connection closed");
  view.heard(hb("k11", {}), t0 + 1s);
  CAF_CHECK(!view.is_mutual("k11"));
}

CAF_TEST(heartbeats from unknown nodes change nothing) {
  membership view{"mac1", cfg};
  CAF_CHECK(view.heard(hb("stranger"), t0).empty());
  CAF_CHECK_EQUAL(view.reachable(), 1u);
}

CAF_TEST_FIXTURE_SCOPE_END()

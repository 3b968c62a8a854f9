#define CAF_SUITE mesh.placement
#include <caf/test/unit_test.hpp>

#include "system/mesh/placement.hpp"

using namespace lume;
using namespace std::chrono_literals;
using kind = placement_action::kind;

namespace {

/// The view of node `self` in a mesh of mac1, k11, mac5 running `probe`
/// (movable on mac1, k11, mac5).
struct fixture {
  mesh_config cfg;
  caf::actor_clock::time_point t0{};
  child_spec probe;

  fixture() {
    probe.name = "probe";
    probe.kind = "ticker";
    probe.movable = true;
    probe.nodes = {"mac1", "k11", "mac5"};
  }

  membership view_of(const std::string& self) {
    mesh_config c;
    for (auto node : {"mac1", "k11", "mac5"})
      if (self != node)
        c.peers.push_back({node, "127.0.0.1", 1});
    return membership{self, c};
  }

  /// A heartbeat of `node` that sees every node up, hosts `claims`,
  /// relays `relayed` and reaches `mutual` both ways.
  static mesh_heartbeat hb(std::string node, std::vector<placement_claim> claims = {},
                           std::vector<relayed_claim> relayed = {},
                           std::vector<std::string> mutual = {}) {
    return {std::move(node), 1, std::move(claims), {}, {"mac1", "k11", "mac5"},
            std::move(mutual), std::move(relayed)};
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(placement_tests, fixture)

CAF_TEST(the first node of the list that is up starts the actor with epoch 1) {
  auto view = view_of("mac1");
  view.heard(hb("k11"), t0);
  placement place{"mac1", {probe}};
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::start);
  CAF_CHECK_EQUAL(actions[0].epoch, 1u);
  CAF_CHECK(place.reconcile(view, t0).empty());
}

CAF_TEST(a node still learning who runs what starts nothing) {
  auto view = view_of("mac1");
  view.heard(hb("k11"), t0);
  placement place{"mac1", {probe}};
  CAF_CHECK(place.reconcile(view, t0, false).empty());
  CAF_CHECK_EQUAL(place.reconcile(view, t0, true).size(), 1u);
}

CAF_TEST(a node in a minority starts nothing) {
  auto view = view_of("mac1");
  placement place{"mac1", {probe}};
  CAF_CHECK(place.reconcile(view, t0).empty());
}

CAF_TEST(the next node takes over when the host goes down with a higher epoch) {
  auto view = view_of("k11");
  view.heard(hb("mac1", {{"probe", 4}}), t0);
  view.heard(hb("mac5"), t0);
  placement place{"k11", {probe}};
  CAF_CHECK(place.reconcile(view, t0).empty());
  view.lost("mac1", "connection closed");
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::start);
  // k11, second in the list, takes the epochs 2, 5, 8, ...
  CAF_CHECK_EQUAL(actions[0].epoch, 5u);
}

CAF_TEST(a node that has not heard the host yet starts above the epoch a peer saw) {
  // mac1 rejoins after a partition in which k11 ran probe with epoch 2; its
  // link to mac5 comes back before the one to k11. mac5's heartbeat carries
  // the highest epoch mac5 has seen.
  auto view = view_of("mac1");
  view.heard(hb("mac5"), t0);
  placement place{"mac1", {probe}};
  place.saw_epoch("probe", 2);
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].epoch, 4u);
  auto epochs = place.epochs();
  CAF_REQUIRE_EQUAL(epochs.size(), 1u);
  CAF_CHECK_EQUAL(epochs[0].name, "probe");
  CAF_CHECK_EQUAL(epochs[0].epoch, 4u);
}

CAF_TEST(failback moves the actor home once its node is back) {
  auto view = view_of("k11");
  view.heard(hb("mac5"), t0);
  placement place{"k11", {probe}};
  auto started = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(started.size(), 1u);
  CAF_CHECK_EQUAL(started[0].what, kind::start);
  view.heard(hb("mac1"), t0 + 1s);
  auto actions = place.reconcile(view, t0 + 1s);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::stop);
  // Until the stop finished, k11 still claims it: mac1 must wait.
  CAF_CHECK_EQUAL(place.claims().size(), 1u);
  place.released("probe");
  CAF_CHECK(place.claims().empty());
}

CAF_TEST(failback waits until the home node has been up both ways for failback_after) {
  auto view = view_of("k11");
  view.heard(hb("mac5"), t0);
  placement place{"k11", {probe}, 1s};
  CAF_REQUIRE_EQUAL(place.reconcile(view, t0).size(), 1u);
  // mac1 comes and goes (loss): never up for a second, it gets nothing.
  view.heard(hb("mac1"), t0 + 1s);
  CAF_CHECK(place.reconcile(view, t0 + 1500ms).empty());
  view.lost("mac1", "no heartbeat for 300ms");
  view.heard(hb("mac1"), t0 + 2s);
  CAF_CHECK(place.reconcile(view, t0 + 2900ms).empty());
  auto actions = place.reconcile(view, t0 + 3s);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::stop);
  CAF_CHECK_EQUAL(actions[0].reason, "belongs on mac1");
  // With no host at all the first node up takes it at once.
  placement fresh{"mac1", {probe}, 1s};
  auto mac1 = view_of("mac1");
  mac1.heard(hb("k11"), t0);
  CAF_CHECK_EQUAL(fresh.reconcile(mac1, t0).size(), 1u);
}

CAF_TEST(without failback the actor stays where it runs) {
  probe.failback = false;
  auto view = view_of("k11");
  view.heard(hb("mac5"), t0);
  placement place{"k11", {probe}};
  place.reconcile(view, t0);
  view.heard(hb("mac1"), t0 + 1s);
  CAF_CHECK(place.reconcile(view, t0).empty());
  CAF_CHECK(place.hosts("probe"));
}

CAF_TEST(a node that loses the majority stops its movable actors) {
  auto view = view_of("mac1");
  view.heard(hb("k11"), t0);
  view.heard(hb("mac5"), t0);
  placement place{"mac1", {probe}};
  place.reconcile(view, t0);
  view.lost("k11", "cut");
  view.lost("mac5", "cut");
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::stop);
  CAF_CHECK_EQUAL(actions[0].reason, "this node lost the majority");
}

CAF_TEST(the home node waits while a peer still claims the actor) {
  auto view = view_of("mac1");
  view.heard(hb("k11", {{"probe", 2}}), t0);
  placement place{"mac1", {probe}};
  CAF_CHECK(place.reconcile(view, t0).empty());
  view.heard(hb("k11"), t0 + 50ms);
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].epoch, 4u);
}

CAF_TEST(of two incarnations that meet at a heal the earlier epoch stops superseded) {
  auto view = view_of("mac1");
  view.heard(hb("k11"), t0);
  placement place{"mac1", {probe}};
  auto started = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(started.size(), 1u);
  CAF_CHECK_EQUAL(started[0].epoch, 1u);
  view.heard(hb("mac5", {{"probe", 9}}), t0 + 1s);
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::stop);
  CAF_CHECK_EQUAL(actions[0].reason, "a later incarnation runs on mac5 (epoch 9)");
  CAF_CHECK_EQUAL(actions[0].supersede_below, 9u);
  // It waits for mac5 to hand it back (failback), then starts above.
  CAF_CHECK(place.reconcile(view, t0).empty());
  place.released("probe");
  CAF_CHECK(place.reconcile(view, t0).empty());
  view.heard(hb("mac5"), t0 + 1050ms);
  actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::start);
  CAF_CHECK_EQUAL(actions[0].epoch, 10u);
}

CAF_TEST(the winner of a heal keeps running while the loser stops) {
  // mac5 runs probe (the operator moved it there) with epoch 9 and hears
  // mac1 still claim epoch 1: mac1 is the one to stop, mac5 neither stops
  // nor restarts above.
  auto view = view_of("mac5");
  view.heard(hb("k11"), t0);
  placement place{"mac5", {probe}};
  place.set_override("probe", "mac5");
  place.saw_epoch("probe", 6);
  auto started = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(started.size(), 1u);
  CAF_CHECK_EQUAL(started[0].epoch, 9u);
  view.heard(hb("mac1", {{"probe", 1}}), t0 + 1s);
  CAF_CHECK(place.reconcile(view, t0).empty());
  CAF_CHECK_EQUAL(place.epoch_of("probe"), 9u);
}

CAF_TEST(on equal epochs the node later in the list stops) {
  auto view = view_of("k11");
  view.lost("mac1", "cut");
  view.heard(hb("mac5"), t0);
  placement place{"k11", {probe}};
  place.saw_epoch("probe", 3);
  auto started = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(started.size(), 1u);
  CAF_CHECK_EQUAL(started[0].epoch, 5u);
  // Nodes of the list never take the same epoch (below); should another
  // claim it anyway, mac1 comes first in the list.
  view.heard(hb("mac1", {{"probe", 5}}), t0 + 1s);
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::stop);
  CAF_CHECK_EQUAL(actions[0].supersede_below, 6u);
}

CAF_TEST(two nodes starting above the same epoch take different ones) {
  // A heal under loss (chaos): mac1 back in the majority and k11 calling
  // mac1 gone start the probe at the same moment, both above epoch 25.
  auto at_mac1 = view_of("mac1");
  at_mac1.heard(hb("mac5"), t0);
  placement mac1{"mac1", {probe}};
  mac1.saw_epoch("probe", 25);
  auto at_k11 = view_of("k11");
  at_k11.lost("mac1", "no heartbeat for 300ms");
  at_k11.heard(hb("mac5"), t0);
  placement k11{"k11", {probe}};
  k11.saw_epoch("probe", 25);
  auto a = mac1.reconcile(at_mac1, t0);
  auto b = k11.reconcile(at_k11, t0);
  CAF_REQUIRE_EQUAL(a.size(), 1u);
  CAF_REQUIRE_EQUAL(b.size(), 1u);
  CAF_CHECK_EQUAL(a[0].epoch, 28u);
  CAF_CHECK_EQUAL(b[0].epoch, 26u);
}

CAF_TEST(a node cut off from the host does not start while a peer relays its claim) {
  // Loss: k11 has called mac1 down, mac5 still sees mac1 up and hosting.
  // By k11's own view it is the first node up, and k11 and mac5 are a
  // majority; mac1 and mac5 are one too. Only mac5 can tell k11.
  auto view = view_of("k11");
  view.lost("mac1", "no heartbeat for 300ms");
  view.heard(hb("mac5", {}, {{"mac1", "probe", 3}}), t0);
  placement place{"k11", {probe}};
  CAF_CHECK_EQUAL(place.desired(probe, view, t0), "k11");
  CAF_CHECK(place.reconcile(view, t0).empty());
  // mac5 calls mac1 down as well: k11 takes over above the relayed epoch.
  view.heard(hb("mac5"), t0 + 50ms);
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::start);
  CAF_CHECK_EQUAL(actions[0].epoch, 5u);
}

CAF_TEST(of two nodes cut from each other only the first in the list starts the actor) {
  // mac1 and k11 cannot reach each other; mac5 reaches both both ways. Each
  // is in a majority with mac5, and nobody hosts probe yet.
  auto k11 = view_of("k11");
  k11.heard(hb("mac5", {}, {}, {"mac1", "k11"}), t0);
  placement at_k11{"k11", {probe}};
  CAF_CHECK_EQUAL(at_k11.desired(probe, k11, t0), "mac1");
  CAF_CHECK(at_k11.reconcile(k11, t0).empty());
  auto mac1 = view_of("mac1");
  mac1.heard(hb("mac5", {}, {}, {"mac1", "k11"}), t0);
  placement at_mac1{"mac1", {probe}};
  CAF_CHECK_EQUAL(at_mac1.reconcile(mac1, t0).size(), 1u);
  // Once mac5 no longer reaches mac1 (mac1 died), k11 takes it.
  k11.heard(hb("mac5", {}, {}, {"k11"}), t0 + 50ms);
  CAF_CHECK_EQUAL(at_k11.reconcile(k11, t0 + 50ms).size(), 1u);
}

CAF_TEST(a host that a peer no longer sees loses the majority and is superseded) {
  auto view = view_of("mac1");
  view.heard(hb("k11"), t0);
  view.heard(hb("mac5"), t0);
  placement place{"mac1", {probe}};
  CAF_REQUIRE_EQUAL(place.reconcile(view, t0).size(), 1u);
  // Both peers still get through to mac1, but have called it down.
  view.heard({"k11", 2, {}, {}, {"mac5"}, {"mac5"}, {}}, t0 + 300ms);
  view.heard({"mac5", 2, {}, {}, {"k11"}, {"k11"}, {}}, t0 + 300ms);
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::stop);
  CAF_CHECK_EQUAL(actions[0].reason, "this node lost the majority");
  CAF_CHECK_EQUAL(actions[0].supersede_below, 2u);
}

CAF_TEST(an override moves the actor to the chosen node while it is up) {
  auto view = view_of("mac5");
  view.heard(hb("mac1", {{"probe", 1}}), t0);
  view.heard(hb("k11"), t0);
  placement place{"mac5", {probe}};
  place.set_override("probe", "mac5");
  CAF_CHECK_EQUAL(place.desired(probe, view, t0), "mac5");
  // mac1 still claims it, so mac5 waits for it to let go.
  CAF_CHECK(place.reconcile(view, t0).empty());
  view.heard(hb("mac1"), t0 + 50ms);
  auto actions = place.reconcile(view, t0);
  CAF_REQUIRE_EQUAL(actions.size(), 1u);
  CAF_CHECK_EQUAL(actions[0].what, kind::start);
}

CAF_TEST_FIXTURE_SCOPE_END()

#define CAF_SUITE show.director
#include <caf/test/dsl.hpp>

#include <boost/json.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/settings.hpp>

#include "actors/director/director.hpp"
#include "actors/quantizer/quantizer.hpp"
#include "system/clock/clock_service.hpp"
#include "system/clock/manual_clock.hpp"
#include "system/node/node_context.hpp"
#include "tests/mesh/checkpoint_sink.hpp"
#include "tests/sensing/udp_listener.hpp"
#include "tests/show/director_osc.hpp"

using namespace lume;
using namespace std::chrono_literals;

namespace {

struct show_config : caf::actor_system_config {
  show_config() {
    add_message_types<caf::id_block::lume>();
  }
};

/// A cut as a subscriber received it, and when.
struct seen_cut {
  director_cut cut;
  micros at;
};

caf::behavior cut_recorder(caf::event_based_actor*, std::shared_ptr<std::vector<seen_cut>> log,
                           std::shared_ptr<const beat_clock> clock) {
  return {
    [=](const director_cut& cut) { log->push_back({cut, clock->now()}); },
  };
}

micros at_beat(double beat) {
  return micros{static_cast<int64_t>(beat * 500000.0)};
}

/// One node on a manual clock at 120 BPM (quantum 4): clock service, a
/// quantizer without precise stage named `quantizer`, a recorder named
/// `session`, an OSC listener, and the director under test. CAF's clock
/// and the manual clock move together (advance_to); never `run()`.
struct director_fixture : test_coordinator_fixture<show_config> {
  director_fixture() {
    ctx = std::make_shared<node_context>();
    ctx->config.node = "test";
    ctx->config.clock.quantum = 4;
    ctx->config.mesh.checkpoint_interval = 20ms;
    ctx->names = std::make_shared<name_registry>(sys, 64);
    ctx->clock = clock;
    service = caf::actor_cast<caf::actor>(sys.spawn(clock_service, ctx->clock, 4.0));
    ctx->clock_service = service;
    ctx->mesh = sys.spawn(test::checkpoint_sink, ctx->checkpoints,
                          std::make_shared<test::checkpoint_log>());
    session = sys.spawn(cut_recorder, cuts, clock);
    ctx->names->declare("session", "recorder", "root").proxy->bind(session);
    start_quantizer();
    options["cameras"] = std::vector<std::string>{"wide", "close", "overhead"};
    options["scenes"] = std::vector<std::string>{"calm", "pulse", "storm"};
    options["sections"] = std::vector<std::string>{"intro", "build", "drop", "breakdown"};
    options["min-shot"] = 1.0;
    options["max-shot"] = 2.0;
    options["targets"] = std::vector<std::string>{osc.endpoint()};
    options["subscribers"] = std::vector<std::string>{"session"};
    consume_messages();
  }

  ~director_fixture() {
    for (auto& x : std::vector<caf::actor>{caf::actor_cast<caf::actor>(d), q, session, service,
                                           ctx->mesh})
      caf::anon_send_exit(x, caf::exit_reason::user_shutdown);
    consume_messages();
  }

  /// A new quantizer under the name (the old host's died with it).
  void start_quantizer() {
    if (q)
      caf::anon_send_exit(q, caf::exit_reason::kill);
    quantizer_params params;
    params.precise = false;
    q = caf::actor_cast<caf::actor>(sys.spawn(quantizer, std::shared_ptr<const node_context>{ctx},
                                              params, std::make_shared<checkpointer>()));
    ctx->names->declare("quantizer", "quantizer", "root").proxy->bind(q);
    consume_messages();
  }

  caf::expected<caf::actor> spawn_director(uint64_t epoch) {
    child_spec spec;
    spec.name = "director";
    spec.kind = "director";
    spec.movable = true;
    spec.nodes = {"test"};
    spec.options = options;
    ctx->checkpoints->set_epoch(spec.name, epoch);
    return director_kind().spawn(sys, spec, ctx);
  }

  void start_director(uint64_t epoch = 1) {
    auto spawned = spawn_director(epoch);
    if (!spawned)
      CAF_FAIL("director did not spawn: " << sys.render(spawned.error()));
    d = caf::actor_cast<director_actor>(*spawned);
    consume_messages();
  }

  /// The director's host dies: no last checkpoint, the quantizer with it.
  void lose_host() {
    caf::anon_send_exit(d, caf::exit_reason::kill);
    consume_messages();
    start_quantizer();
  }

  void advance_to(micros t) {
    while (clock->now() < t) {
      const micros step = std::min(micros{1000}, t - clock->now());
      clock->advance(step);
      sched.clock().advance_time(step);
      consume_messages();
    }
  }

  boost::json::object state() {
    std::string text;
    auto handle = self->request(d, caf::infinite, atom::inspect_v);
    consume_messages();
    handle.receive([&](std::string& x) { text = x; },
                   [&](caf::error& err) { CAF_FAIL(sys.render(err)); });
    return boost::json::parse(text).as_object();
  }

  std::string text(const char* key) {
    return std::string{state().at(key).as_string()};
  }

  /// The first cut (seq 1, camera close, due on beat 3) went out late on
  /// beat 4, the only cut to the session and as OSC.
  void check_first_cut_went_late_on_beat_4() {
    CAF_REQUIRE_EQUAL(cuts->size(), 1u);
    auto& cut = cuts->front().cut;
    CAF_CHECK_EQUAL(cut.seq, 1u);
    CAF_CHECK_EQUAL(cut.kind, "camera");
    CAF_CHECK_EQUAL(cut.value, "close");
    CAF_CHECK_EQUAL(cut.at_beat, 4.0);
    CAF_CHECK_EQUAL(cuts->front().at, at_beat(4));
    auto sent = osc_messages();
    CAF_REQUIRE_EQUAL(sent.size(), 1u);
    CAF_CHECK_EQUAL(sent[0].seq, 1u);
    CAF_CHECK_EQUAL(sent[0].at_beat, 4.0);
    CAF_CHECK_EQUAL(text("camera"), "close");
  }

  /// Every OSC message that arrived so far.
  std::vector<net::director_osc> osc_messages() {
    std::vector<net::director_osc> result;
    while (auto datagram = osc.receive(std::chrono::milliseconds{50})) {
      auto m = test::read_director_osc(*datagram);
      if (!m)
        CAF_FAIL("a datagram that is no director OSC message");
      result.push_back(*m);
    }
    return result;
  }

  std::shared_ptr<manual_clock> clock = std::make_shared<manual_clock>(120.0, micros{0});
  std::shared_ptr<std::vector<seen_cut>> cuts = std::make_shared<std::vector<seen_cut>>();
  std::shared_ptr<node_context> ctx;
  caf::settings options;
  test::udp_listener osc;
  caf::actor service;
  caf::actor session;
  caf::actor q;
  director_actor d;
};

/// (seq, kind, value, at_beat, camera, scene, section) of every cut.
using cut_row = std::tuple<uint64_t, std::string, std::string, double, std::string, std::string,
                           std::string>;

std::vector<cut_row> rows(const std::vector<seen_cut>& cuts) {
  std::vector<cut_row> result;
  for (auto& x : cuts)
    result.emplace_back(x.cut.seq, x.cut.kind, x.cut.value, x.cut.at_beat, x.cut.camera,
                        x.cut.scene, x.cut.section);
  return result;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(director_tests, director_fixture)

CAF_TEST(a long shot cuts on the next beat to subscribers and as OSC) {
  start_director();
  // Ticks at 0.25 s steps; at beat 2 the shot is 2 beats long: the cut goes
  // to beat 3 (the next beat after the 60 ms margin).
  advance_to(at_beat(2.9));
  CAF_CHECK(cuts->empty());
  advance_to(at_beat(3));
  CAF_REQUIRE_EQUAL(cuts->size(), 1u);
  auto& cut = cuts->front().cut;
  CAF_CHECK_EQUAL(cuts->front().at, at_beat(3));
  CAF_CHECK_EQUAL(cut.kind, "camera");
  CAF_CHECK_EQUAL(cut.value, "close");
  CAF_CHECK_EQUAL(cut.camera, "close");
  CAF_CHECK_EQUAL(cut.scene, "calm");
  CAF_CHECK_EQUAL(cut.section, "intro");
  CAF_CHECK_EQUAL(cut.reason, "max-shot");
  CAF_CHECK_EQUAL(cut.epoch, 1u);
  CAF_CHECK_EQUAL(cut.seq, 1u);
  CAF_CHECK_EQUAL(cut.at_beat, 3.0);
  auto sent = osc_messages();
  CAF_REQUIRE_EQUAL(sent.size(), 1u);
  CAF_CHECK_EQUAL(sent[0].kind, "camera");
  CAF_CHECK_EQUAL(sent[0].value, "close");
  CAF_CHECK_EQUAL(sent[0].epoch, 1u);
  CAF_CHECK_EQUAL(sent[0].seq, 1u);
  CAF_CHECK_EQUAL(sent[0].at_beat, 3.0);
  CAF_CHECK_EQUAL(sent[0].reason, "max-shot");
  advance_to(at_beat(3.5));
  CAF_CHECK_EQUAL(text("camera"), "close");
  CAF_CHECK_EQUAL(state().at("shot_beat").as_double(), 3.0);
}

CAF_TEST(a cut the quantizer drops as passed goes out late with its seq) {
  // Chaos runs lost a cut now and then: decided 60-560 ms ahead of its
  // beat, its request reached the quantizer after the beat (workers
  // stalled on a loaded node, a successor busy starting) and was dropped.
  start_director();
  // The tick at beat 2 decides the cut for beat 3; the director alone runs.
  advance_to(at_beat(2.0) - micros{1000});
  clock->advance(micros{1000});
  sched.clock().advance_time(1ms);
  sched.prioritize(d);
  sched.run_once();
  // The node stalls past beat 3 before the quantizer reads the requests.
  clock->advance(at_beat(3.2) - clock->now());
  consume_messages();
  advance_to(at_beat(4.5));
  check_first_cut_went_late_on_beat_4();
  auto after = state();
  CAF_CHECK_EQUAL(after.at("decisions").as_int64(), 1);
  CAF_CHECK_EQUAL(after.at("quantizer_dropped").as_int64(), 2);
  CAF_CHECK_EQUAL(after.at("resent_dropped").as_int64(), 1);
  // min-shot counts from the late cut, max-shot from the beat it was due.
  CAF_CHECK_EQUAL(after.at("shot_beat").as_double(), 4.0);
  CAF_CHECK_EQUAL(after.at("shot_due_beat").as_double(), 3.0);
}

CAF_TEST(a cut the quantizer took and then missed goes out late with its seq) {
  // Chaos run T lost a cut: the quantizer took it in time, then its timer
  // woke 87 ms past the beat (a stalled node) and dropped it unsent.
  start_director();
  advance_to(at_beat(2.5));
  CAF_CHECK(cuts->empty());
  // The node stalls past beat 3 (and the 20 ms tolerance) before the
  // quantizer's timer runs.
  clock->advance(at_beat(3.2) - clock->now());
  advance_to(at_beat(4.5));
  check_first_cut_went_late_on_beat_4();
  auto after = state();
  CAF_CHECK_EQUAL(after.at("quantizer_dropped").as_int64(), 0);
  CAF_CHECK_EQUAL(after.at("quantizer_missed").as_int64(), 2);
  CAF_CHECK_EQUAL(after.at("resent_dropped").as_int64(), 1);
}

CAF_TEST(cuts pending in a quantizer that goes down go again to the next one) {
  // The tick at beat 2 gives the quantizer the cut for beat 3; an operator
  // kills the quantizer at 2.5, its deliveries with it.
  start_director();
  advance_to(at_beat(2.5));
  CAF_CHECK(cuts->empty());
  start_quantizer();
  advance_to(at_beat(3.5));
  CAF_REQUIRE_EQUAL(cuts->size(), 1u);
  CAF_CHECK_EQUAL(cuts->front().cut.seq, 1u);
  CAF_CHECK_EQUAL(cuts->front().at, at_beat(3));
  auto sent = osc_messages();
  CAF_REQUIRE_EQUAL(sent.size(), 1u);
  CAF_CHECK_EQUAL(sent[0].at_beat, 3.0);
  CAF_CHECK_EQUAL(state().at("resent_to_new_quantizer").as_int64(), 1);
}

CAF_TEST(energy from the mapper changes the section on the next phrase) {
  options["max-shot"] = 0.0;
  options["high-scene"] = "storm";
  start_director();
  music_params loud;
  loud.values["energy"] = 0.9;
  advance_to(at_beat(1));
  self->send(d, loud);
  // High from the tick at beat 1.5, held 2 beats: decided at beat 3.5.
  advance_to(at_beat(3.9));
  auto s = state();
  CAF_CHECK_EQUAL(s.at("level").as_string(), "high");
  CAF_REQUIRE_EQUAL(s.at("pending").as_array().size(), 2u);
  advance_to(at_beat(16));
  CAF_REQUIRE_EQUAL(cuts->size(), 2u);
  // The scene lands on the next bar, the section on the next phrase; each
  // cut carries the picture at its beat.
  auto& scene = (*cuts)[0];
  CAF_CHECK_EQUAL(scene.cut.kind, "scene");
  CAF_CHECK_EQUAL(scene.cut.value, "storm");
  CAF_CHECK_EQUAL(scene.cut.reason, "energy-high");
  CAF_CHECK_EQUAL(scene.cut.section, "intro");
  CAF_CHECK_EQUAL(scene.at, at_beat(4));
  auto& section = (*cuts)[1];
  CAF_CHECK_EQUAL(section.cut.kind, "section");
  CAF_CHECK_EQUAL(section.cut.value, "drop");
  CAF_CHECK_EQUAL(section.cut.scene, "storm");
  CAF_CHECK_EQUAL(section.cut.at_beat, 16.0);
  CAF_CHECK_EQUAL(section.at, at_beat(16));
  // Decided in the same tick: numbered in the order they land.
  CAF_CHECK_LESS(scene.cut.seq, section.cut.seq);
}

CAF_TEST(a cue lands on its grid and a bad cue is refused and counted) {
  options["max-shot"] = 0.0;
  start_director();
  advance_to(at_beat(1.5));
  self->send(d, director_cue{"scene", "storm", "bar", 0});
  self->send(d, director_cue{"scene", "fog", "", 0});
  self->send(d, director_cue{"camera", "overhead", "someday", 0});
  consume_messages();
  auto s = state();
  CAF_CHECK_EQUAL(s.at("cues").as_int64(), 1);
  CAF_CHECK_EQUAL(s.at("refused_cues").as_int64(), 2);
  CAF_CHECK_EQUAL(s.at("last_refused").as_string(), "unknown rule \"someday\" (beat, bar, phrase)");
  advance_to(at_beat(4));
  CAF_REQUIRE_EQUAL(cuts->size(), 1u);
  CAF_CHECK_EQUAL(cuts->front().cut.reason, "cue");
  CAF_CHECK_EQUAL(cuts->front().at, at_beat(4));
  auto sent = osc_messages();
  CAF_REQUIRE_EQUAL(sent.size(), 1u);
  CAF_CHECK_EQUAL(sent[0].kind, "scene");
  CAF_CHECK_EQUAL(sent[0].value, "storm");
  auto recent = state().at("recent").as_array();
  CAF_REQUIRE_EQUAL(recent.size(), 1u);
  CAF_CHECK_EQUAL(recent[0].at("reason").as_string(), "cue");
}

CAF_TEST(a stale session epoch and a repeated seq are dropped) {
  start_director();
  session_state song;
  song.sections = {"verse", "chorus"};
  song.scenes = {"neon"};
  song.section = "chorus";
  song.epoch = 2;
  song.seq = 5;
  self->send(d, song);
  auto old = song;
  old.epoch = 1;
  old.seq = 9;
  old.section = "verse";
  self->send(d, old);
  self->send(d, song);
  consume_messages();
  auto s = state();
  CAF_CHECK_EQUAL(s.at("section").as_string(), "chorus");
  CAF_CHECK_EQUAL(s.at("session").at("stale").as_int64(), 1);
  CAF_CHECK_EQUAL(s.at("session").at("repeated").as_int64(), 1);
  CAF_CHECK_EQUAL(s.at("rules").at("sections").as_array().size(), 2u);
  // The song's sections are the choices now.
  self->send(d, director_cue{"section", "drop", "", 0});
  self->send(d, director_cue{"section", "verse", "", 0});
  consume_messages();
  CAF_CHECK_EQUAL(state().at("refused_cues").as_int64(), 1);
}

CAF_TEST(bad options fail the spawn and name the option) {
  options["gestures"] = caf::settings{};
  caf::put(options, "gestures.raise", "mood:dark");
  auto spawned = spawn_director(1);
  CAF_REQUIRE(!spawned);
  CAF_CHECK(sys.render(spawned.error()).find("option 'gestures', gesture 'raise'")
            != std::string::npos);
  options["gestures"] = caf::settings{};
  options["energy-low"] = 0.9;
  CAF_CHECK(!spawn_director(1));
  options["energy-low"] = 0.3;
  options["tolerance"] = caf::timespan{std::chrono::milliseconds{150}};
  auto lax = spawn_director(1);
  CAF_REQUIRE(!lax);
  CAF_CHECK(sys.render(lax.error()).find("option 'tolerance' must be 0..100ms")
            != std::string::npos);
}

CAF_TEST_FIXTURE_SCOPE_END()

namespace {

/// The same show with or without a loss of the director's host at beat
/// 14.2 (a camera cut pending for beat 15, a section cue for beat 16); the
/// successor starts at beat 14.5, on the old tick grid. Returns the cuts the
/// session got and the director's state at the end.
std::pair<std::vector<cut_row>, boost::json::object> show(bool failover) {
  director_fixture f;
  f.start_director(1);
  f.advance_to(at_beat(12.5));
  f.self->send(f.d, director_cue{"section", "drop", "phrase", 0});
  f.self->send(f.d, director_cue{"scene", "storm", "beat", 0});
  f.advance_to(at_beat(14.2));
  if (failover) {
    f.lose_host();
    f.advance_to(at_beat(14.5));
    f.start_director(2);
    auto s = f.state();
    CAF_CHECK_EQUAL(s.at("resent").as_int64(), 2);
    CAF_CHECK_EQUAL(s.at("scene").as_string(), "storm");
  }
  f.advance_to(at_beat(24.1));
  auto osc = f.osc_messages();
  // The OSC copy says the same as the cuts, seq for seq.
  std::vector<uint64_t> seqs;
  for (auto& m : osc)
    seqs.push_back(m.seq);
  std::vector<uint64_t> cut_seqs;
  for (auto& x : *f.cuts)
    cut_seqs.push_back(x.cut.seq);
  CAF_CHECK_EQUAL(seqs, cut_seqs);
  return {rows(*f.cuts), f.state()};
}

} // namespace

CAF_TEST(a failover resumes scene and section with no repeated and no extra cut) {
  auto [calm, calm_state] = show(false);
  auto [lost, lost_state] = show(true);
  CAF_CHECK_EQUAL(lost, calm);
  CAF_CHECK_EQUAL(lost_state.at("epoch").as_int64(), 2);
  for (auto* key : {"camera", "scene", "section", "seq", "shot_beat"})
    CAF_CHECK_EQUAL(boost::json::serialize(lost_state.at(key)),
                    boost::json::serialize(calm_state.at(key)));
  CAF_CHECK_EQUAL(lost_state.at("section").as_string(), "drop");
  CAF_CHECK_EQUAL(lost_state.at("scene").as_string(), "storm");
  // Nothing repeated; seqs follow decisions, so a section decided before a
  // camera cut may land after it: consumers check them with epoch_filter.
  epoch_filter filter;
  for (auto& row : lost)
    CAF_CHECK(filter.fresh(2, std::get<0>(row)));
  CAF_CHECK_GREATER(lost.size(), 5u);
}

namespace {

/// A scene cue due on beat 13; the host is lost at beat 12.9 and the
/// successor starts at beat 13.3, after the cue's beat. Returns the cuts
/// the session got by beat 15 and the successor's state.
std::pair<std::vector<seen_cut>, boost::json::object> gap_show(double late_window) {
  director_fixture f;
  f.options["max-shot"] = 0.0;
  f.options["late-window"] = late_window;
  f.start_director(1);
  f.advance_to(at_beat(12.5));
  f.self->send(f.d, director_cue{"scene", "storm", "beat", 0});
  f.advance_to(at_beat(12.9));
  f.lose_host();
  f.advance_to(at_beat(13.3));
  f.start_director(2);
  f.advance_to(at_beat(15));
  return {*f.cuts, f.state()};
}

} // namespace

CAF_TEST(a decision due in the failover gap goes out late with its seq) {
  auto [late, late_state] = gap_show(1);
  CAF_REQUIRE_EQUAL(late.size(), 1u);
  // The first beat the successor can still make, same seq, its epoch.
  auto& cut = late[0].cut;
  CAF_CHECK_EQUAL(cut.seq, 1u);
  CAF_CHECK_EQUAL(cut.epoch, 2u);
  CAF_CHECK_EQUAL(cut.at_beat, 14.0);
  CAF_CHECK_EQUAL(cut.kind, "scene");
  CAF_CHECK_EQUAL(cut.value, "storm");
  CAF_CHECK_EQUAL(late_state.at("resent_late").as_int64(), 1);
  CAF_CHECK_EQUAL(late_state.at("scene").as_string(), "storm");
  // Without a late window it is taken as landed: its picture holds, no cut.
  auto [landed, landed_state] = gap_show(0);
  CAF_CHECK(landed.empty());
  CAF_CHECK_EQUAL(landed_state.at("resent_late").as_int64(), 0);
  CAF_CHECK_EQUAL(landed_state.at("scene").as_string(), "storm");
}

CAF_TEST(after a late camera cut the next shot ends when the first was due to) {
  // Shots of 3 beats: cuts on beats 4 and 8. The host is lost at 7.9 with
  // the cut for 8 pending; the successor starts at 8.3 and sends it late on
  // 9. The old host may have cut on 8 (a stop or a cut of its link, not
  // this kill), so the next shot ends by 8 + 3, on the first beat after
  // the tick at 11.3: 12, not 13.
  director_fixture f;
  f.options["min-shot"] = 1.0;
  f.options["max-shot"] = 3.0;
  f.start_director(1);
  f.advance_to(at_beat(7.9));
  f.lose_host();
  f.advance_to(at_beat(8.3));
  f.start_director(2);
  f.advance_to(at_beat(12.5));
  std::vector<std::tuple<uint64_t, uint64_t, double>> cameras;
  for (auto& x : *f.cuts)
    if (x.cut.kind == "camera")
      cameras.emplace_back(x.cut.seq, x.cut.epoch, x.cut.at_beat);
  using row = std::tuple<uint64_t, uint64_t, double>;
  CAF_CHECK_EQUAL(cameras, (std::vector<row>{{1, 1, 4.0}, {2, 2, 9.0}, {3, 2, 12.0}}));
  CAF_CHECK_EQUAL(f.state().at("shot_due_beat").as_double(), 12.0);
}

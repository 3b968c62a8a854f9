#define CAF_SUITE show.director_rules
#include <caf/test/unit_test.hpp>

#include "actors/director/director_rules.hpp"
#include "system/clock/manual_clock.hpp"

using namespace lume;

namespace {

director_rules stage_rules() {
  director_rules r;
  r.cameras = {"wide", "close", "overhead"};
  r.scenes = {"calm", "pulse", "storm"};
  r.sections = {"intro", "build", "drop", "breakdown", "outro"};
  r.min_shot_beats = 4;
  r.max_shot_beats = 8;
  r.high_scene = "storm";
  r.gestures["raise"] = {"scene", "pulse"};
  r.gestures["crouch"] = {"section", "breakdown"};
  return r;
}

director_inputs energy(double e) {
  director_inputs in;
  in.values["energy"] = e;
  return in;
}

gesture peak(double beat, double confidence) {
  gesture g;
  g.name = "peak";
  g.confidence = confidence;
  g.predicted_beat = beat;
  return g;
}

/// Commits `d` at `beat` as the actor does after placing it.
void commit_at(const director_rules& r, director_memory& m, const director_decision& d,
               double beat) {
  director_cut cut;
  cut.kind = d.kind;
  cut.value = d.value;
  cut.reason = d.reason;
  cut.seq = ++m.seq;
  cut.at_beat = beat;
  picture_after(m, cut);
  commit(r, m, cut);
}

} // namespace

CAF_TEST(the rules validate and start on the first of each list) {
  auto r = stage_rules();
  CAF_CHECK(!validate(r));
  auto m = initial_memory(r);
  CAF_CHECK_EQUAL(m.camera, "wide");
  CAF_CHECK_EQUAL(m.scene, "calm");
  CAF_CHECK_EQUAL(m.section, "intro");
  auto bad = r;
  bad.energy_low = 0.8;
  CAF_CHECK(validate(bad));
  bad = r;
  bad.section_rule = "someday";
  CAF_CHECK(validate(bad));
  bad = r;
  bad.max_shot_beats = 2;
  CAF_CHECK(validate(bad));
  CAF_CHECK(std::holds_alternative<std::string>(parse_gesture_action("scene")));
  CAF_CHECK(std::holds_alternative<std::string>(parse_gesture_action("mood:dark")));
  auto ok = parse_gesture_action("section:drop");
  CAF_REQUIRE(std::holds_alternative<gesture_action>(ok));
  CAF_CHECK_EQUAL(std::get<gesture_action>(ok).value, "drop");
}

CAF_TEST(a long shot cuts to the next camera and one cut waits for the last to land) {
  auto r = stage_rules();
  auto m = initial_memory(r);
  CAF_CHECK(decide(r, m, {}, 7.5).empty());
  auto ds = decide(r, m, {}, 8.0);
  CAF_REQUIRE_EQUAL(ds.size(), 1u);
  CAF_CHECK_EQUAL(ds[0].kind, "camera");
  CAF_CHECK_EQUAL(ds[0].value, "close");
  CAF_CHECK_EQUAL(ds[0].reason, "max-shot");
  CAF_CHECK_EQUAL(ds[0].rule, "beat");
  CAF_CHECK_EQUAL(ds[0].not_before, 8.0);
  commit_at(r, m, ds[0], 9);
  CAF_CHECK_EQUAL(effective(m, "camera"), "close");
  CAF_CHECK_EQUAL(m.camera, "wide");
  // Pending: no second cut.
  CAF_CHECK(decide(r, m, {}, 8.5).empty());
  land(m, 9);
  CAF_CHECK_EQUAL(m.camera, "close");
  CAF_CHECK_EQUAL(m.shot_beat, 9.0);
  CAF_CHECK(m.pending.empty());
  CAF_CHECK(decide(r, m, {}, 16.5).empty());
  ds = decide(r, m, {}, 17);
  CAF_REQUIRE_EQUAL(ds.size(), 1u);
  CAF_CHECK_EQUAL(ds[0].value, "overhead");
}

CAF_TEST(energy switches sections with hysteresis and a hold time) {
  auto r = stage_rules();
  r.max_shot_beats = 0;
  auto m = initial_memory(r);
  CAF_CHECK(decide(r, m, energy(0.9), 10).empty());
  CAF_CHECK_EQUAL(m.above_since, 10.0);
  CAF_CHECK(decide(r, m, energy(0.8), 11.5).empty());
  auto ds = decide(r, m, energy(0.75), 12);
  CAF_CHECK_EQUAL(m.level, "high");
  CAF_REQUIRE_EQUAL(ds.size(), 2u);
  CAF_CHECK_EQUAL(ds[0].kind, "section");
  CAF_CHECK_EQUAL(ds[0].value, "drop");
  CAF_CHECK_EQUAL(ds[0].rule, "phrase");
  CAF_CHECK_EQUAL(ds[0].reason, "energy-high");
  CAF_CHECK_EQUAL(ds[1].kind, "scene");
  CAF_CHECK_EQUAL(ds[1].value, "storm");
  for (auto& d : ds)
    commit_at(r, m, d, 16);
  // Between the thresholds the level holds; a dip shorter than the hold too.
  CAF_CHECK(decide(r, m, energy(0.5), 13).empty());
  CAF_CHECK(decide(r, m, energy(0.2), 14).empty());
  CAF_CHECK(decide(r, m, energy(0.5), 15).empty());
  CAF_CHECK(decide(r, m, energy(0.2), 15.5).empty());
  CAF_CHECK_EQUAL(m.level, "high");
  ds = decide(r, m, energy(0.1), 17.5);
  CAF_CHECK_EQUAL(m.level, "low");
  CAF_REQUIRE_EQUAL(ds.size(), 1u);
  CAF_CHECK_EQUAL(ds[0].value, "breakdown");
  CAF_CHECK_EQUAL(ds[0].reason, "energy-low");
  // No input: the timers stand still.
  CAF_CHECK(decide(r, m, {}, 30).empty());
}

CAF_TEST(gestures of the table change scene and section when confident) {
  auto r = stage_rules();
  r.max_shot_beats = 0;
  auto m = initial_memory(r);
  director_inputs in;
  gesture raise;
  raise.name = "raise";
  raise.confidence = 0.5;
  in.gestures.push_back(raise);
  CAF_CHECK(decide(r, m, in, 3).empty());
  in.gestures[0].confidence = 0.9;
  gesture wave = raise;
  wave.name = "wave";
  in.gestures.push_back(wave);
  auto ds = decide(r, m, in, 3);
  CAF_REQUIRE_EQUAL(ds.size(), 1u);
  CAF_CHECK_EQUAL(ds[0].kind, "scene");
  CAF_CHECK_EQUAL(ds[0].value, "pulse");
  CAF_CHECK_EQUAL(ds[0].reason, "gesture:raise");
  CAF_CHECK_EQUAL(ds[0].rule, "bar");
  commit_at(r, m, ds[0], 4);
  // Already on its way: not again.
  CAF_CHECK(decide(r, m, in, 3.5).empty());
  // A section the song does not have is never chosen.
  session_state song;
  song.sections = {"verse", "chorus"};
  song.section = "verse";
  follow(m, song);
  CAF_CHECK_EQUAL(m.section, "verse");
  in.gestures = {raise};
  in.gestures[0].name = "crouch";
  in.gestures[0].confidence = 1;
  CAF_CHECK(decide(r, m, in, 5).empty());
}

CAF_TEST(a confident predicted peak places a cut on its beat after the minimum shot) {
  auto r = stage_rules();
  auto m = initial_memory(r);
  director_inputs in;
  in.gestures = {peak(3.02, 0.9)};
  // Beat 3 comes before the shot's minimum of 4 beats.
  CAF_CHECK(decide(r, m, in, 1).empty());
  in.gestures = {peak(6.97, 0.5)};
  CAF_CHECK(decide(r, m, in, 5).empty());
  in.gestures = {peak(6.97, 0.8)};
  auto ds = decide(r, m, in, 5);
  CAF_REQUIRE_EQUAL(ds.size(), 1u);
  CAF_CHECK_EQUAL(ds[0].rule, "exact");
  CAF_CHECK_EQUAL(ds[0].beat, 7.0);
  CAF_CHECK_EQUAL(ds[0].value, "close");
  CAF_CHECK_EQUAL(ds[0].reason, "peak");
}

CAF_TEST(decisions land on the next beat bar or phrase and never before the minimum) {
  manual_clock clock{120.0, micros{0}};
  clock.advance(micros{2'600'000}); // beat 5.2
  director_decision d{"camera", "close", "max-shot", "beat", 0, 0};
  CAF_CHECK_EQUAL(place(clock, clock.now(), d, 4, 4).value_or(-1), 6.0);
  d.rule = "bar";
  CAF_CHECK_EQUAL(place(clock, clock.now(), d, 4, 4).value_or(-1), 8.0);
  d.rule = "phrase";
  CAF_CHECK_EQUAL(place(clock, clock.now(), d, 4, 4).value_or(-1), 16.0);
  CAF_CHECK_EQUAL(place(clock, clock.now(), d, 4, 2).value_or(-1), 8.0);
  d.rule = "beat";
  d.not_before = 9;
  CAF_CHECK_EQUAL(place(clock, clock.now(), d, 4, 4).value_or(-1), 9.0);
  // The margin pushes past a grid point too close to make.
  d.not_before = 0;
  CAF_CHECK_EQUAL(place(clock, clock.now() + micros{450'000}, d, 4, 4).value_or(-1), 7.0);
  d.rule = "exact";
  d.beat = 5;
  CAF_CHECK(!place(clock, clock.now(), d, 4, 4));
  d.beat = 7;
  CAF_CHECK_EQUAL(place(clock, clock.now(), d, 4, 4).value_or(-1), 7.0);
}

CAF_TEST(cues are checked against the lists and rules) {
  auto r = stage_rules();
  auto m = initial_memory(r);
  director_cue cue{"camera", "overhead", "", 0};
  auto d = cue_decision(r, m, cue);
  CAF_REQUIRE(std::holds_alternative<director_decision>(d));
  CAF_CHECK_EQUAL(std::get<director_decision>(d).rule, "beat");
  CAF_CHECK_EQUAL(std::get<director_decision>(d).reason, "cue");
  cue = {"camera", "drone", "", 0};
  CAF_CHECK(std::holds_alternative<std::string>(cue_decision(r, m, cue)));
  cue = {"mood", "dark", "", 0};
  CAF_CHECK(std::holds_alternative<std::string>(cue_decision(r, m, cue)));
  cue = {"section", "drop", "whenever", 0};
  CAF_CHECK(std::holds_alternative<std::string>(cue_decision(r, m, cue)));
  cue = {"section", "drop", "bar", 0};
  CAF_CHECK_EQUAL(std::get<director_decision>(cue_decision(r, m, cue)).rule, "bar");
}

CAF_TEST(a camera cut sent late after a failover counts max-shot from its due beat) {
  // Due on beat 20, sent late on beat 22: the old host may have cut on 20,
  // so the shot ends by 20 + 8 (max-shot), yet no sooner than 22 + 4
  // (min-shot) after the late cut.
  auto r = stage_rules();
  auto m = initial_memory(r);
  director_cut cut;
  cut.kind = "camera";
  cut.value = "close";
  cut.seq = 7;
  cut.at_beat = 22;
  m.pending.push_back(cut);
  m.late_camera_seq = 7;
  m.late_camera_due = 20;
  land(m, 22);
  CAF_CHECK_EQUAL(m.shot_beat, 22.0);
  CAF_CHECK_EQUAL(m.shot_due_beat, 20.0);
  CAF_CHECK_EQUAL(m.late_camera_seq, 0u);
  CAF_CHECK(decide(r, m, {}, 27.9).empty());
  auto ds = decide(r, m, {}, 28);
  CAF_REQUIRE_EQUAL(ds.size(), 1u);
  CAF_CHECK_EQUAL(ds[0].reason, "max-shot");
  CAF_CHECK_EQUAL(ds[0].not_before, 28.0);
  // Late by more than max-shot − min-shot: min-shot from the late cut holds.
  m.shot_due_beat = 12;
  ds = decide(r, m, {}, 23);
  CAF_REQUIRE_EQUAL(ds.size(), 1u);
  CAF_CHECK_EQUAL(ds[0].not_before, 26.0);
  // The next cut, on time, counts from its own beat again.
  commit_at(r, m, ds[0], 26);
  land(m, 26);
  CAF_CHECK_EQUAL(m.shot_due_beat, 26.0);
}

CAF_TEST(a checkpoint moves onto another timeline by whole bars) {
  // Taken at beat 101.5 on the old host; the successor reads beat 58.3
  // about 0.7 beats later: its timeline is 44 beats (11 bars) behind.
  CAF_CHECK_EQUAL(timeline_offset(101.5, 58.3, 0.7, 4), -44.0);
  CAF_CHECK_EQUAL(timeline_offset(101.5, 58.3, 0.0, 4), -44.0);
  CAF_CHECK_EQUAL(timeline_offset(10.0, 11.2, 1.2, 4), 0.0);
  auto r = stage_rules();
  auto m = initial_memory(r);
  m.shot_beat = 100;
  m.shot_due_beat = 99;
  m.late_camera_due = 99;
  m.above_since = 98;
  m.taken_beat = 101.5;
  director_cut cut;
  cut.at_beat = 104;
  m.pending.push_back(cut);
  m.recent.push_back(cut);
  shift(m, -44);
  CAF_CHECK_EQUAL(m.shot_beat, 56.0);
  CAF_CHECK_EQUAL(m.shot_due_beat, 55.0);
  CAF_CHECK_EQUAL(m.late_camera_due, 55.0);
  CAF_CHECK_EQUAL(m.above_since, 54.0);
  CAF_CHECK_EQUAL(m.below_since, -1.0);
  CAF_CHECK_EQUAL(m.pending[0].at_beat, 60.0);
  CAF_CHECK_EQUAL(m.recent[0].at_beat, 60.0);
}

#define CAF_SUITE session
#include <caf/test/dsl.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <boost/json.hpp>

#include "actors/session/session_plan.hpp"
#include "actors/session/setlist.hpp"
#include "tests/session/session_fixture.hpp"

using namespace lume;
using namespace lume::test;
using namespace std::chrono_literals;

namespace {

std::variant<setlist, std::string> parse_setlist(const std::string& text,
                                                 const std::string& folder = ".") {
  auto parsed = caf::config_value::parse(text);
  if (!parsed)
    throw std::runtime_error("bad test setlist: " + text);
  return read_setlist(*parsed, folder);
}

std::string error_of(const std::variant<setlist, std::string>& x) {
  auto err = std::get_if<std::string>(&x);
  return err ? *err : std::string{"(no error)"};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string str(const boost::json::object& x, const char* key) {
  return std::string{x.at(key).as_string()};
}

std::string options(const std::string& more = "") {
  return "{ " + test_setlist() + (more.empty() ? "" : ", " + more) + " }";
}

} // namespace

CAF_TEST(a setlist reads songs and sections with scenes and code) {
  auto songs = parse_setlist(R"~([{ name = "a", tempo = 110, scenes = ["x", "y"], sections = [
                                   { name = "intro", code = "note(\"c3\")" },
                                   { name = "drop", scene = "y", code = "s(\"sine\")" } ] }])~");
  CAF_REQUIRE(std::holds_alternative<setlist>(songs));
  auto& song = std::get<setlist>(songs).songs.at(0);
  CAF_CHECK_EQUAL(song.tempo, 110.0);
  CAF_CHECK_EQUAL(song.sections.size(), 2u);
  CAF_CHECK_EQUAL(song.sections[0].scene, "x");
  CAF_CHECK_EQUAL(song.sections[1].scene, "y");
  CAF_CHECK_EQUAL(song.sections[0].code, "note(\"c3\")");
  CAF_CHECK_EQUAL(std::get<setlist>(songs).song_index("1"), 0);
  CAF_CHECK_EQUAL(std::get<setlist>(songs).song_index("a"), 0);
  CAF_CHECK_EQUAL(std::get<setlist>(songs).song_index("2"), -1);
}

CAF_TEST(a setlist reads code files relative to the config folder) {
  auto folder = std::filesystem::temp_directory_path() / "lume-session-test";
  std::filesystem::create_directories(folder / "songs");
  std::ofstream{folder / "songs" / "a.js"} << "note(\"c3 eb3 g3\").s(\"triangle\")\n";
  auto songs = parse_setlist(R"([{ name = "a", sections = [{ name = "intro", file = "songs/a.js" }] }])",
                             folder.string());
  CAF_REQUIRE(std::holds_alternative<setlist>(songs));
  CAF_CHECK_EQUAL(std::get<setlist>(songs).songs[0].sections[0].code,
                  "note(\"c3 eb3 g3\").s(\"triangle\")\n");
  auto missing = parse_setlist(R"([{ name = "a", sections = [{ name = "intro", file = "none.js" }] }])",
                               folder.string());
  CAF_CHECK(contains(error_of(missing), "songs[0]: sections[0]: key 'file': cannot read"));
  std::filesystem::remove_all(folder);
}

CAF_TEST(a bad setlist names the song and section and key) {
  CAF_CHECK(contains(error_of(parse_setlist("[]")), "at least one song"));
  CAF_CHECK_EQUAL(error_of(parse_setlist(R"([{ name = "a" }])")),
                  "songs[0]: key 'sections': expected a list of at least one { name = ..., code = ... }");
  CAF_CHECK_EQUAL(error_of(parse_setlist(R"([{ name = "a", tempo = 5, sections = [{ name = "i", code = "x" }] }])")),
                  "songs[0]: key 'tempo': 5.000000 BPM is outside 20..999");
  CAF_CHECK_EQUAL(error_of(parse_setlist(R"([{ name = "a", sections = [{ name = "i" }] }])")),
                  "songs[0]: sections[0]: key 'code' or 'file': the section has no Strudel code");
  CAF_CHECK_EQUAL(error_of(parse_setlist(R"([{ name = "a", sections = [{ name = "i", code = "x", colour = 1 }] }])")),
                  "songs[0]: sections[0]: unknown key 'colour' (name, scene, code, file)");
  CAF_CHECK_EQUAL(error_of(parse_setlist(R"([{ name = "a", scenes = ["x"], sections = [{ name = "i", code = "x", scene = "z" }] }])")),
                  "songs[0]: sections[0]: key 'scene': 'z' is not in the song's scenes");
  CAF_CHECK_EQUAL(error_of(parse_setlist(R"([{ name = "a", sections = [{ name = "i", code = "x" }] },
                                             { name = "a", sections = [{ name = "i", code = "x" }] }])")),
                  "songs[1]: song 'a' twice");
}

CAF_TEST(the session kind refuses bad options by name) {
  session_fixture f;
  auto spawn = [&](const std::string& text) {
    child_spec spec;
    spec.name = "session";
    spec.kind = "session";
    spec.options = caf::get<caf::settings>(*caf::config_value::parse(text));
    auto result = session_kind().spawn(f.sys, spec, f.ctx);
    return result ? std::string{"(spawned)"} : f.sys.render(result.error());
  };
  CAF_CHECK(contains(spawn("{ quantize = \"bar\" }"), "session: option 'songs': the session needs a setlist"));
  CAF_CHECK(contains(spawn(options("quantize = \"beat\"")), "option 'quantize': 'beat' is neither"));
  CAF_CHECK(contains(spawn(options("phrase-bars = 0")), "option 'phrase-bars': 0 is outside 1..64"));
  CAF_CHECK(contains(spawn(options("record-sensors = [\"mocopi\"]")), "option 'record-folder'"));
}

CAF_TEST_FIXTURE_SCOPE(session_tests, session_fixture)

CAF_TEST(autostart plays the first song from the next bar and publishes it ahead) {
  start(options("autostart = true"));
  CAF_REQUIRE_EQUAL(published->size(), 1u);
  auto& first = published->front();
  CAF_CHECK_EQUAL(first.state, "playing");
  CAF_CHECK_EQUAL(first.song, "dawn");
  CAF_CHECK_EQUAL(first.section, "intro");
  CAF_CHECK_EQUAL(first.at_beat, 4.0);
  CAF_CHECK_EQUAL(first.seq, 1u);
  CAF_CHECK_EQUAL(first.code, "note(\"c3 e3\").s(\"sine\")");
  CAF_CHECK_EQUAL(first.sections, std::vector<std::string>({"intro", "build", "drop"}));
  CAF_CHECK_EQUAL(first.scenes, std::vector<std::string>({"mist", "sun"}));
  CAF_CHECK_EQUAL(str(inspect(), "state"), "stopped");
  advance_to(1999ms);
  CAF_CHECK_EQUAL(str(inspect(), "state"), "stopped");
  CAF_CHECK_EQUAL(clock->tempo(), 120.0);
  advance_to(2000ms);
  auto now = inspect();
  CAF_CHECK_EQUAL(str(now, "state"), "playing");
  CAF_CHECK_EQUAL(now.at("bar").as_int64(), 0);
  // The song's tempo is set through the clock service when it lands.
  CAF_CHECK_EQUAL(clock->tempo(), 100.0);
  advance_to_beat(8);
  CAF_CHECK_EQUAL(inspect().at("bar").as_int64(), 1);
  advance_to_beat(16);
  CAF_CHECK_EQUAL(inspect().at("bar").as_int64(), 3);
  // Every bar is published, seqs increase.
  CAF_CHECK_EQUAL(published->back().bar, 3);
  CAF_CHECK_EQUAL(published->back().at_beat, 16.0);
  for (size_t i = 1; i < published->size(); ++i)
    CAF_CHECK_EQUAL((*published)[i].seq, (*published)[i - 1].seq + 1);
}

CAF_TEST(a song change lands on the next bar and is published before it) {
  start(options());
  must("start");
  advance_to_beat(5);
  CAF_CHECK_EQUAL(inspect().at("bar").as_int64(), 0);
  auto answer = must("next");
  CAF_CHECK_EQUAL(str(answer, "song"), "dawn");
  CAF_CHECK_EQUAL(str(answer.at("next").as_object(), "song"), "noon");
  CAF_CHECK_EQUAL(answer.at("next").as_object().at("at_beat").as_double(), 8.0);
  auto& ahead = published->back();
  CAF_CHECK_EQUAL(ahead.song, "noon");
  CAF_CHECK_EQUAL(ahead.section, "intro");
  CAF_CHECK_EQUAL(ahead.code, "note(\"a3\")");
  CAF_CHECK_EQUAL(ahead.tempo, 128.0);
  CAF_CHECK_EQUAL(ahead.at_beat, 8.0);
  CAF_CHECK_EQUAL(ahead.bar, 0);
  const auto announced = published->size();
  advance_to_beat(7.99);
  CAF_CHECK_EQUAL(str(inspect(), "song"), "dawn");
  // No bar is published while a change is waiting: it would hide it.
  CAF_CHECK_EQUAL(published->size(), announced);
  advance_to_beat(8);
  auto now = inspect();
  CAF_CHECK_EQUAL(str(now, "song"), "noon");
  CAF_CHECK_EQUAL(now.at("bar").as_int64(), 0);
  CAF_CHECK(now.at("next").is_null());
  CAF_CHECK_EQUAL(clock->tempo(), 128.0);
  must("prev");
  advance_to_beat(12);
  CAF_CHECK_EQUAL(str(inspect(), "song"), "dawn");
  CAF_CHECK_EQUAL(clock->tempo(), 100.0);
  must("goto", "dusk");
  advance_to_beat(16);
  CAF_CHECK_EQUAL(str(inspect(), "song"), "dusk");
  must("goto", "2");
  must("section", "peak");
  advance_to_beat(20);
  now = inspect();
  CAF_CHECK_EQUAL(str(now, "song"), "noon");
  CAF_CHECK_EQUAL(str(now, "section"), "peak");
}

CAF_TEST(a change decided within the lead lands a bar later) {
  start(options());
  must("start");
  advance_to_beat(7.7); // 0.3 beats = 180 ms at 100 BPM before beat 8, lead 200 ms
  auto answer = must("section", "build");
  CAF_CHECK_EQUAL(answer.at("next").as_object().at("at_beat").as_double(), 12.0);
  advance_to_beat(11.9);
  CAF_CHECK_EQUAL(str(inspect(), "section"), "intro");
  advance_to_beat(12);
  CAF_CHECK_EQUAL(str(inspect(), "section"), "build");
}

CAF_TEST(on the phrase grid songs and sections land on the next phrase of the song) {
  start(options("quantize = \"phrase\", phrase-bars = 4"));
  must("start");
  advance_to_beat(9); // bar 1 of the song
  auto answer = must("section", "drop");
  CAF_CHECK_EQUAL(answer.at("next").as_object().at("at_bar").as_int64(), 4);
  CAF_CHECK_EQUAL(answer.at("next").as_object().at("at_beat").as_double(), 20.0);
  advance_to_beat(19.9);
  CAF_CHECK_EQUAL(str(inspect(), "section"), "intro");
  advance_to_beat(20);
  auto now = inspect();
  CAF_CHECK_EQUAL(str(now, "section"), "drop");
  CAF_CHECK_EQUAL(now.at("bar").as_int64(), 4);
  // Pause lands on the next bar, whatever the phrase.
  must("pause");
  advance_to_beat(24);
  now = inspect();
  CAF_CHECK_EQUAL(str(now, "state"), "paused");
  CAF_CHECK_EQUAL(now.at("bar").as_int64(), 5);
  advance_to_beat(40);
  CAF_CHECK_EQUAL(inspect().at("bar").as_int64(), 5);
  must("start");
  advance_to_beat(44);
  now = inspect();
  CAF_CHECK_EQUAL(str(now, "state"), "playing");
  CAF_CHECK_EQUAL(now.at("bar").as_int64(), 5);
  advance_to_beat(48);
  CAF_CHECK_EQUAL(inspect().at("bar").as_int64(), 6);
  must("stop");
  advance_to_beat(52);
  now = inspect();
  CAF_CHECK_EQUAL(str(now, "state"), "stopped");
  CAF_CHECK_EQUAL(str(now, "section"), "intro");
  CAF_CHECK_EQUAL(now.at("bar").as_int64(), 0);
}

CAF_TEST(while stopped a change is at once) {
  start(options());
  must("goto", "dusk");
  auto now = inspect();
  CAF_CHECK_EQUAL(str(now, "song"), "dusk");
  CAF_CHECK(now.at("next").is_null());
  CAF_CHECK_EQUAL(published->back().song, "dusk");
  CAF_CHECK_EQUAL(clock->tempo(), 90.0);
}

CAF_TEST(bad commands are refused with what is wrong) {
  start(options());
  auto error = [&](const std::string& cmd, const std::string& arg = "") {
    auto x = command(cmd, arg);
    auto err = std::get_if<std::string>(&x);
    return err ? *err : std::string{"(accepted)"};
  };
  CAF_CHECK_EQUAL(error("prev"), "'prev': 'dawn' is the first song");
  CAF_CHECK_EQUAL(error("goto", "midnight"), "'goto': no song 'midnight' (dawn, noon, dusk, or 1..3)");
  CAF_CHECK_EQUAL(error("section", "peak"),
                  "'section': song 'dawn' has no section 'peak' (intro, build, drop)");
  CAF_CHECK_EQUAL(error("pause"), "'pause': the session is stopped");
  CAF_CHECK_EQUAL(error("record", "on"),
                  "'record': the session has no 'record-folder' and 'record-sensors'");
  CAF_CHECK_EQUAL(error("record", "maybe"), "'record' takes on or off, not 'maybe'");
  CAF_CHECK_EQUAL(error("next", "now"), "'next' takes no argument");
  CAF_CHECK(contains(error("rewind"), "unknown session command 'rewind'"));
  must("goto", "dusk");
  CAF_CHECK_EQUAL(error("next"), "'next': 'dusk' is the last song");
  CAF_CHECK_EQUAL(inspect().at("refused").as_int64(), 9);
}

CAF_TEST(director section cuts apply and stale epochs and seqs are dropped) {
  start(options());
  must("start");
  advance_to_beat(5);
  cut("build", 3, 10);
  auto now = inspect();
  CAF_CHECK_EQUAL(str(now.at("next").as_object(), "section"), "build");
  CAF_CHECK_EQUAL(str(now.at("next").as_object(), "cause"), "cut");
  advance_to_beat(8);
  CAF_CHECK_EQUAL(str(inspect(), "section"), "build");
  cut("drop", 2, 11); // an older incarnation of the director
  cut("drop", 3, 10); // a repeat
  cut("drop", 3, 9);
  cut("nowhere", 3, 12); // a section this song lacks
  advance_to_beat(12);
  now = inspect();
  CAF_CHECK_EQUAL(str(now, "section"), "build");
  CAF_CHECK_EQUAL(now.at("stale_cuts").as_int64(), 3);
  CAF_CHECK_EQUAL(now.at("unknown_cuts").as_int64(), 1);
  cut("drop", 4, 1); // a new incarnation repeating a seq
  cut("intro", 4, 13); // ... and going on
  CAF_CHECK_EQUAL(inspect().at("stale_cuts").as_int64(), 4);
  advance_to_beat(16);
  now = inspect();
  CAF_CHECK_EQUAL(str(now, "section"), "intro");
  CAF_CHECK_EQUAL(now.at("cuts").as_int64(), 2);
  CAF_CHECK_EQUAL(now.at("cut_epoch").as_int64(), 4);
  CAF_CHECK_EQUAL(now.at("cut_seq").as_int64(), 13);
}

CAF_TEST(a tempo change elsewhere keeps the bars on the grid) {
  start(options());
  must("start");
  advance_to_beat(6);
  clock->set_tempo(150.0, clock->now());
  caf::anon_send(service, atom::notify_v);
  consume_messages();
  advance_to_beat(7.99);
  CAF_CHECK_EQUAL(inspect().at("bar").as_int64(), 0);
  advance_to_beat(8);
  CAF_CHECK_EQUAL(inspect().at("bar").as_int64(), 1);
  CAF_CHECK_EQUAL(published->back().at_beat, 8.0);
}

CAF_TEST(a successor resumes song and section and state and bar with the seq going on) {
  start(options(), true, 1);
  must("start");
  advance_to_beat(9);
  must("next");
  advance_to_beat(12);
  must("section", "peak");
  advance_to_beat(21); // noon: bar 0 at beat 12, peak from 16, bar 2 from 20
  auto before = inspect();
  CAF_CHECK_EQUAL(str(before, "song"), "noon");
  CAF_CHECK_EQUAL(str(before, "section"), "peak");
  CAF_CHECK_EQUAL(before.at("bar").as_int64(), 2);
  CAF_CHECK_EQUAL(before.at("epoch").as_int64(), 1);
  auto answer = must("goto", "dusk"); // acknowledged: decided, checkpointed, lands at 24
  CAF_CHECK_EQUAL(answer.at("replicas").as_int64(), 0);
  const auto last_seq = published->back().seq;
  lose();
  advance_to_beat(22);
  start(options(), true, 2);
  auto after = inspect();
  CAF_CHECK_EQUAL(after.at("epoch").as_int64(), 2);
  CAF_CHECK_EQUAL(str(after, "state"), "playing");
  CAF_CHECK_EQUAL(str(after, "song"), "noon");
  CAF_CHECK_EQUAL(after.at("bar").as_int64(), 2);
  CAF_REQUIRE(after.at("next").is_object());
  CAF_CHECK_EQUAL(str(after.at("next").as_object(), "song"), "dusk");
  CAF_CHECK_EQUAL(after.at("next").as_object().at("at_beat").as_double(), 24.0);
  // The successor's first publication continues the seq under its epoch.
  CAF_CHECK_EQUAL(published->back().seq, last_seq + 1);
  CAF_CHECK_EQUAL(published->back().epoch, 2u);
  CAF_CHECK_EQUAL(published->back().song, "dusk");
  advance_to_beat(24);
  after = inspect();
  CAF_CHECK_EQUAL(str(after, "song"), "dusk");
  CAF_CHECK_EQUAL(after.at("bar").as_int64(), 0);
}

CAF_TEST(a successor never lands a change it missed behind the bar) {
  start(options(), true, 1);
  must("start");
  advance_to_beat(5);
  must("section", "drop"); // lands at 8
  lose();
  advance_to_beat(9.5); // the node was lost across the grid point
  start(options(), true, 2);
  auto after = inspect();
  // The change lands on the next boundary: the session goes forward.
  CAF_CHECK_EQUAL(str(after, "section"), "intro");
  CAF_CHECK_EQUAL(after.at("next").as_object().at("at_beat").as_double(), 12.0);
  advance_to_beat(12);
  after = inspect();
  CAF_CHECK_EQUAL(str(after, "section"), "drop");
  CAF_CHECK_EQUAL(after.at("bar").as_int64(), 1);
}

CAF_TEST_FIXTURE_SCOPE_END()

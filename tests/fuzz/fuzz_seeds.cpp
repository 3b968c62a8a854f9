// lume-fuzz-seeds DIR: writes the seed corpora of the fuzz targets into
// DIR/<target>/, generated at fuzz time: lume-sim's streams (mocopi, depth,
// audio, phone), LUMM poses of its dancer, every mocopi capture of
// shared/testdata, and sample lines of the inspection protocol. Inputs of the
// datagram targets are records `u16 LE length | bytes` (datagram_records.hpp).

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#include "net/lum_fragmenter.hpp"
#include "net/lum_skeleton_payload.hpp"
#include "net/mocopi_stream.hpp"
#include "tests/fuzz/datagram_records.hpp"
#include "tests/fuzz/seed_corpus.hpp"
#include "tests/fuzz/show_seeds.hpp"
#include "tests/net/capture_reader.hpp"
#include "actors/sim/audio_source.hpp"
#include "actors/sim/depth_source.hpp"
#include "actors/sim/mocopi_source.hpp"
#include "actors/sim/phone_source.hpp"

namespace {

namespace fs = std::filesystem;
using namespace lume;
using bytes = std::vector<std::uint8_t>;
using fuzz::corpus;

/// Collects the datagrams a source emits.
struct memory_sink : sim::datagram_sink {
  std::vector<bytes> datagrams;
  void send(const std::uint8_t* data, std::size_t size) override {
    datagrams.emplace_back(data, data + size);
  }
};

sim::capture_clock clock_at(std::uint64_t n, unsigned rate) {
  return {1'000'000 + static_cast<std::int64_t>(n) * 1'000'000 / rate, 1.7e9 + double(n) / rate};
}

std::vector<bytes> emit(sim::stream_source& source, std::uint64_t ticks, unsigned rate) {
  memory_sink sink;
  for (std::uint64_t n = 0; n < ticks; ++n)
    source.emit(n, clock_at(n, rate), sink);
  return sink.datagrams;
}

void mocopi_seeds(corpus& out, const std::vector<bytes>& sim_stream) {
  for (std::size_t first = 0; first < sim_stream.size(); first += 4)
    out.write_records("sim-" + std::to_string(first), sim_stream, first, 4);
  const char* testdata = LUME_TESTDATA_DIR "/mocopi";
  if (!fs::is_directory(testdata)) {
    std::fprintf(stderr, "lume-fuzz-seeds: no %s, mocopi seeds from lume-sim only\n", testdata);
    return;
  }
  for (const auto& entry : fs::recursive_directory_iterator{testdata}) {
    const auto path = entry.path();
    if (path.extension() == ".bin") {
      std::ifstream in{path, std::ios::binary};
      const bytes datagram{std::istreambuf_iterator<char>{in}, {}};
      out.write_records("testdata-" + path.stem().string(), {datagram}, 0, 1);
    } else if (path.extension() == ".mocopipackets") {
      std::ifstream in{path};
      const std::string text{std::istreambuf_iterator<char>{in}, {}};
      const auto parsed = net::test::parse_capture(text);
      if (const auto* error = std::get_if<std::string>(&parsed)) {
        std::fprintf(stderr, "lume-fuzz-seeds: %s: %s\n", path.c_str(), error->c_str());
        continue;
      }
      std::vector<bytes> datagrams;
      for (const auto& d : std::get<net::test::capture>(parsed).datagrams)
        datagrams.push_back(d.bytes);
      for (std::size_t first = 0; first < datagrams.size() && first < 64; first += 8)
        out.write_records("testdata-" + path.stem().string() + "-" + std::to_string(first),
                          datagrams, first, 8);
    }
  }
}

/// LUMM frames of the simulated dancer: each mocopi frame's bones with the
/// rig's parents, as the mocopi sensor republishes them, in small fragments.
void lumm_seeds(corpus& out, const std::vector<bytes>& sim_stream) {
  net::mocopi_stream stream;
  net::lum_fragmenter fragmenter{net::lum_kind::motion, 0, 300};
  std::vector<bytes> datagrams;
  for (const auto& d : sim_stream) {
    const auto event = stream.push(d.data(), d.size());
    if (event.kind != net::mocopi_event_kind::frame)
      continue;
    const auto& rig = *stream.rig();
    net::skeleton_payload pose;
    pose.frame_number = event.frame->frame_number;
    for (std::size_t i = 0; i < event.frame->bone_count; ++i) {
      const auto& bone = event.frame->bones[i];
      std::int16_t parent = -1;
      for (std::size_t r = 0; r < rig.bone_count; ++r)
        if (rig.bones[r].id == bone.id && rig.bones[r].parent_id != net::mocopi_no_parent)
          for (std::size_t p = 0; p < event.frame->bone_count; ++p)
            if (event.frame->bones[p].id == rig.bones[r].parent_id)
              parent = static_cast<std::int16_t>(p);
      const auto& t = bone.transform;
      pose.joints.push_back({parent, t.rx, t.ry, t.rz, t.rw, t.px, t.py, t.pz});
    }
    bytes payload(net::skeleton_payload_size(pose.joints.size()));
    if (!net::encode_skeleton_payload(pose, payload.data(), payload.size()))
      continue;
    auto frame = fragmenter.next_frame(payload.data(), payload.size(), 1'000'000);
    for (std::uint16_t i = 0; frame && i < frame->fragment_count(); ++i) {
      bytes datagram(frame->datagram_size(i));
      frame->write_fragment(i, datagram.data(), datagram.size());
      datagrams.push_back(std::move(datagram));
    }
  }
  for (std::size_t first = 0; first < datagrams.size(); first += 6)
    out.write_records("sim-" + std::to_string(first), datagrams, first, 6);
}

void depth_seeds(corpus& out) {
  // A 32×24 camera: frames of two datagrams.
  sim::depth_scene_config small;
  small.width = 32;
  small.height = 24;
  small.fx_px = small.fy_px = 25.2f;
  small.cx_px = 16.f;
  small.cy_px = 12.f;
  sim::depth_source source{30, small};
  const auto datagrams = emit(source, 6, 30);
  for (std::size_t first = 0; first < datagrams.size(); first += 4)
    out.write_records("sim-small-" + std::to_string(first), datagrams, first, 4);
  // The first fragments of a full 640×576 frame.
  sim::depth_source full{30};
  out.write_records("sim-full-head", emit(full, 1, 30), 0, 3);
}

void audio_seeds(corpus& out) {
  sim::audio_scene_config stereo;
  stereo.channels = 2;
  sim::audio_source small{stereo, 16};
  const auto a = emit(small, 8, 3000);
  for (std::size_t first = 0; first < a.size(); first += 2)
    out.write_records("sim-stereo-" + std::to_string(first), a, first, 2);
  sim::audio_source uma8{sim::audio_scene_config{}, 64};
  const auto b = emit(uma8, 2, 750);
  out.write_records("sim-uma8", b, 0, b.size());
}

void phone_seeds(corpus& out) {
  sim::phone_source source{100};
  const auto datagrams = emit(source, 40, 100);
  for (std::size_t first = 0; first < datagrams.size(); first += 4)
    out.write_records("sim-" + std::to_string(first), datagrams, first, 4);
}

/// FuzzedDataProvider inputs: names end at a backslash, numbers come from the end.
void param_seeds(corpus& out) {
  out.write("three", std::string{"energy\\ tension\\ lift\\ 0123456789abcdef\x03"});
  out.write("bad-name", std::string{"en/ergy\\ \x01"});
}

void json_seeds(corpus& out) {
  const char* messages[] = {
    R"({"type":"music_params","origin_us":1,"values":{"energy":0.5,"tension":-0.25}})",
    R"({"type":"quantize_request","target":"mapper","rule":"exact","beat":32,"payload":{"type":"music_params","values":{"energy":0.9}}})",
    R"({"type":"quantize_request","target":"ticker","rule":"phrase","bars":4,"lookahead_us":-1,"on_passed":"drop","payload":{"type":"lume::clock_tick"}})",
    R"({"type":"feature_vector","source":"motion","values":{"motion.energy_j":12.5}})",
    R"({"type":"gesture","name":"jump"})",
    R"({"type":"director_cut"})",
    R"({"type":"session_command"})",
    R"({"type":"skeleton_frame","frame":3,"joints":[]})",
    R"({"type":"phone_motion"})",
    R"({"type":"styled_frame"})",
  };
  int i = 0;
  for (const char* m : messages)
    out.write("message-" + std::to_string(i++), std::string{m});
}

void inspect_seeds(corpus& out, const std::string& json_example) {
  const std::string lines = "help\nnodes\nactors --local\ninspect mapper\ntree\n"
                            "move probe k11\nkill mapper\ntrace mapper 5 2\nclock\n"
                            "tempo 128.5\nlatency --json\nlatency reset\nquit\r\n";
  // The first byte is the read size the target cuts the stream into.
  out.write("commands-whole", std::string(1, char(255)) + lines);
  out.write("commands-bytewise", std::string(1, char(0)) + lines);
  out.write("send", std::string(1, char(16)) + "send quantizer " + json_example + "\n");
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: lume-fuzz-seeds DIR\n");
    return 2;
  }
  const fs::path root = argv[1];
  sim::mocopi_source mocopi{50};
  const auto mocopi_stream = emit(mocopi, 48, 50);
  corpus targets[] = {{root, "mocopi"},    {root, "lum_motion"},      {root, "lum_depth"},
                      {root, "lum_audio"}, {root, "phone_osc"},       {root, "json_message"},
                      {root, "inspect_command"}, {root, "param_osc"}};
  mocopi_seeds(targets[0], mocopi_stream);
  lumm_seeds(targets[1], mocopi_stream);
  depth_seeds(targets[2]);
  audio_seeds(targets[3]);
  phone_seeds(targets[4]);
  json_seeds(targets[5]);
  inspect_seeds(targets[6], R"({"type":"quantize_request","target":"mapper","rule":"bar","payload":{"type":"music_params","values":{"energy":0.9}}})");
  std::printf("lume-fuzz-seeds: in %s:", root.c_str());
  param_seeds(targets[7]);
  for (const auto& c : targets)
    std::printf(" %s %zu", c.target().c_str(), c.count());
  for (const auto& c : fuzz::write_show_seeds(root))
    std::printf(" %s %zu", c.target().c_str(), c.count());
  std::printf("\n");
  return 0;
}

#define CAF_SUITE sim.depth
#include <caf/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "actors/sim/depth_source.hpp"
#include "net/lum_depth_payload.hpp"
#include "net/lum_header.hpp"
#include "net/lum_reassembler.hpp"
#include "tests/sim/collecting_sink.hpp"

using namespace lume;
using lume::sim::test::collecting_sink;

namespace {

constexpr unsigned fps = 30;

/// Depth frame of tick `n`, through fragmentation and reassembly (fragments
/// pushed in reverse order).
net::depth_payload frame_at(sim::depth_source& source, std::uint64_t n, std::size_t& datagrams) {
  collecting_sink sink;
  source.emit(n, {42'000'000, 0}, sink);
  datagrams = sink.datagrams.size();
  net::lum_reassembler reassembler{net::lum_kind::depth};
  net::depth_payload image;
  bool completed = false;
  for (auto it = sink.datagrams.rbegin(); it != sink.datagrams.rend(); ++it) {
    CAF_CHECK_LESS_OR_EQUAL(it->size(), net::lum_max_datagram_size);
    const auto r = reassembler.push(it->data(), it->size());
    CAF_CHECK(r.outcome != net::lum_push_outcome::refused);
    if (r.outcome == net::lum_push_outcome::completed) {
      CAF_CHECK_EQUAL(r.frame.origin_time_us, 42'000'000);
      CAF_CHECK_EQUAL(net::decode_depth_payload(r.frame.payload, r.frame.size, image),
                      net::payload_status::ok);
      completed = true;
    }
  }
  CAF_CHECK(completed);
  return image;
}

/// Rows above this one see no floor nearer than 2.5 m (the floor at row v
/// is 1.0 m · 504 px / (v − 288) away).
constexpr std::size_t floor_free_rows = 480;

/// Body pixels: at body distance (1.5 .. 2.5 m) above the near floor.
bool is_body(const net::depth_payload& image, std::size_t i) {
  const auto d = image.depth_mm[i];
  return i / image.width < floor_free_rows && d >= 1500 && d <= 2500;
}

/// Body pixels and their mean column.
struct body_blob {
  std::size_t pixels = 0;
  double mean_column = 0;
};

body_blob blob_of(const net::depth_payload& image) {
  body_blob blob;
  double columns = 0;
  for (std::size_t i = 0; i < image.depth_mm.size(); ++i) {
    if (is_body(image, i)) {
      ++blob.pixels;
      columns += double(i % image.width);
    }
  }
  blob.mean_column = blob.pixels > 0 ? columns / double(blob.pixels) : 0;
  return blob;
}

} // namespace

CAF_TEST(frames reassemble into a 640 x 576 scene with wall floor body and holes) {
  sim::depth_source source{fps};
  std::size_t datagrams = 0;
  const auto image = frame_at(source, 0, datagrams);
  CAF_CHECK_EQUAL(datagrams, 511u);
  CAF_REQUIRE_EQUAL(image.width, 640);
  CAF_REQUIRE_EQUAL(image.height, 576);
  std::size_t invalid = 0;
  std::size_t wall = 0;
  for (auto d : image.depth_mm) {
    invalid += d == 0;
    wall += d > 3400 && d < 3600;
  }
  const double total = double(image.depth_mm.size());
  CAF_MESSAGE("invalid " << invalid / total << ", wall " << wall / total);
  CAF_CHECK_GREATER(invalid / total, 0.01);
  CAF_CHECK_LESS(invalid / total, 0.2);
  CAF_CHECK_GREATER(wall / total, 0.4);
  // Floor in the bottom row, left of the feet: 1.0 m · 504 px / 287.5 px.
  std::vector<std::uint16_t> floor;
  for (std::size_t u = 200; u < 260; ++u)
    if (const auto d = image.depth_mm[575 * 640 + u]; d != 0)
      floor.push_back(d);
  CAF_REQUIRE_GREATER(floor.size(), 50u);
  std::nth_element(floor.begin(), floor.begin() + floor.size() / 2, floor.end());
  CAF_CHECK_LESS(std::abs(int(floor[floor.size() / 2]) - 1753), 10);
  // A standing body 2 m away: ~1.4 m × 0.4 m above the near floor.
  const auto blob = blob_of(image);
  CAF_MESSAGE("body pixels " << blob.pixels);
  CAF_CHECK_GREATER(blob.pixels, 8000u);
  CAF_CHECK_LESS(blob.pixels, 40000u);
}

CAF_TEST(the body blob moves sideways and changes pose) {
  sim::depth_source source{fps};
  std::size_t datagrams = 0;
  const auto start = frame_at(source, 0, datagrams);
  const auto later = frame_at(source, 8 * fps, datagrams); // bar 4: a step to its right
  const auto a = blob_of(start);
  const auto b = blob_of(later);
  CAF_MESSAGE("blob column " << a.mean_column << " -> " << b.mean_column);
  CAF_CHECK_GREATER(std::abs(b.mean_column - a.mean_column), 40.0);
  // Bar 1, half way: the right arm is raised sideways; the silhouettes differ.
  const auto raised = frame_at(source, 3 * fps, datagrams);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < start.depth_mm.size(); ++i) {
    changed += is_body(start, i) != is_body(raised, i);
  }
  CAF_CHECK_GREATER(changed, 2000u);
}

CAF_TEST(sensor noise grows with distance as configured) {
  sim::depth_scene scene;
  std::vector<std::uint16_t> a;
  std::vector<std::uint16_t> b;
  scene.render(0.0, 1, a);
  scene.render(0.0, 2, b); // same scene, other noise
  double sum2 = 0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] > 3400 && a[i] < 3600 && b[i] > 3400 && b[i] < 3600) {
      const double d = double(a[i]) - double(b[i]);
      sum2 += d * d;
      ++count;
    }
  }
  CAF_REQUIRE_GREATER(count, 10000u);
  // σ at the 3.5 m wall is 1 + 0.6 · 3.5² = 8.35 mm; a difference has √2 σ.
  const double sigma = std::sqrt(sum2 / double(count) / 2);
  CAF_MESSAGE("wall noise sigma " << sigma << " mm");
  CAF_CHECK_GREATER(sigma, 7.5);
  CAF_CHECK_LESS(sigma, 9.2);
}

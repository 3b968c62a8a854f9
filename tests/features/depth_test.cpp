#define CAF_SUITE features.depth
#include <caf/test/unit_test.hpp>

#include "actors/features/depth_features.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

using namespace lume::features;

namespace {

constexpr int width = 640;
constexpr int height = 576;

/// A frame with a far wall (outside the default band), a few invalid
/// pixels, and a `body` rectangle [x0, x1) x [y0, y1) at `depth_mm`.
std::vector<std::uint16_t> scene(int x0, int y0, int x1, int y1, std::uint16_t depth_mm) {
  std::vector<std::uint16_t> frame(std::size_t(width * height), 6000);
  for (int x = 0; x < width; ++x)
    frame[std::size_t(x)] = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      frame[std::size_t(y * width + x)] = depth_mm;
  return frame;
}

/// True if `fraction` is `pixels` out of a full frame (to within a quarter pixel).
bool is_pixel_fraction(float fraction, int pixels) {
  const double total = double(width) * double(height);
  return std::abs(double(fraction) * total - double(pixels)) < 0.25;
}

depth_frame_view view(const std::vector<std::uint16_t>& f) { return {f.data(), width, height}; }

} // namespace

CAF_TEST(rectangle body gives exact centroid and bounding box) {
  depth_features features;
  const auto frame = scene(200, 100, 300, 400, 2000);
  const auto& r = features.process(view(frame));
  CAF_CHECK(r.present);
  CAF_CHECK(r.body_valid);
  CAF_CHECK_EQUAL(r.band_pixels, 100u * 300u);
  CAF_CHECK_EQUAL(r.centroid_x, 250.f / width);
  CAF_CHECK_LESS(std::abs(r.centroid_y - 250.f / height), 1e-6f);
  CAF_CHECK_EQUAL(r.centroid_z_mm, 2000.f);
  CAF_CHECK_EQUAL(r.bbox.min_x, 200);
  CAF_CHECK_EQUAL(r.bbox.min_y, 100);
  CAF_CHECK_EQUAL(r.bbox.max_x, 299);
  CAF_CHECK_EQUAL(r.bbox.max_y, 399);
  CAF_CHECK_EQUAL(r.bbox.left, 200.f / width);
  CAF_CHECK_EQUAL(r.bbox.bottom, 400.f / height);
  CAF_CHECK(!r.motion_valid);
}

CAF_TEST(moved rectangle gives the changed pixel fraction) {
  depth_features features;
  const auto before = scene(200, 100, 300, 400, 2000);
  const auto after = scene(220, 100, 320, 400, 2000);
  features.process(view(before));
  const auto& moved = features.process(view(after));
  CAF_CHECK(moved.motion_valid);
  // 20 columns uncovered plus 20 covered, 300 rows each.
  CAF_CHECK(is_pixel_fraction(moved.motion_energy, 2 * 20 * 300));
  CAF_CHECK_EQUAL(moved.bbox.min_x, 220);
  const auto& same = features.process(view(after));
  CAF_CHECK_EQUAL(same.motion_energy, 0.f);
}

CAF_TEST(depth changes below the threshold are not motion) {
  depth_features features;
  features.process(view(scene(200, 100, 300, 400, 2000)));
  const auto& closer = features.process(view(scene(200, 100, 300, 400, 2030)));
  CAF_CHECK_EQUAL(closer.motion_energy, 0.f);
  const auto& stepped = features.process(view(scene(200, 100, 300, 400, 2300)));
  CAF_CHECK(is_pixel_fraction(stepped.motion_energy, 100 * 300));
  CAF_CHECK_EQUAL(stepped.centroid_z_mm, 2300.f);
}

CAF_TEST(small or absent bodies are not present) {
  depth_config cfg;
  cfg.min_presence_fraction = 0.01f;
  depth_features features(cfg);
  const auto& empty = features.process(view(scene(0, 0, 0, 0, 2000)));
  CAF_CHECK(!empty.present);
  CAF_CHECK(!empty.body_valid);
  CAF_CHECK_EQUAL(empty.band_pixels, 0u);
  const auto& tiny = features.process(view(scene(10, 10, 40, 40, 2000)));
  CAF_CHECK(!tiny.present);
  CAF_CHECK(tiny.body_valid);
  CAF_CHECK_EQUAL(tiny.bbox.max_x, 39);
}

CAF_TEST(a size change restarts motion) {
  depth_features features;
  features.process(view(scene(200, 100, 300, 400, 2000)));
  std::vector<std::uint16_t> small(320 * 288, 1500);
  const auto& r = features.process({small.data(), 320, 288});
  CAF_CHECK(!r.motion_valid);
  CAF_CHECK_EQUAL(r.centroid_x, 0.5f);
}

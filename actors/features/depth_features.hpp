#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lume::features {

/// A borrowed 16-bit depth image: row-major, `width * height` values in
/// millimetres, 0 = invalid.
struct depth_frame_view {
  const std::uint16_t* data = nullptr;
  int width = 0;
  int height = 0;
};

/// Depth feature settings.
struct depth_config {
  /// Depth band that counts as "body": near_mm <= d <= far_mm, millimetres.
  std::uint16_t near_mm = 500;
  std::uint16_t far_mm = 4000;
  /// Fraction of all pixels that must lie in the band for presence.
  float min_presence_fraction = 0.01f;
  /// A pixel changed if its depth moved by more than this, millimetres.
  std::uint16_t motion_threshold_mm = 50;
};

/// Axis-aligned bounding box of the in-band pixels.
struct depth_bbox {
  /// Pixel coordinates, inclusive.
  int min_x = 0;
  int min_y = 0;
  int max_x = -1;
  int max_y = -1;
  /// Normalized image coordinates of the box edges in [0, 1]: pixel x covers
  /// [x / width, (x + 1) / width).
  float left = 0.f;
  float top = 0.f;
  float right = 0.f;
  float bottom = 0.f;
};

/// Features of one depth frame.
struct depth_result {
  /// Enough pixels in the depth band (see depth_config).
  bool present = false;
  /// Number of pixels inside the depth band.
  std::size_t band_pixels = 0;
  /// band_pixels / (width * height).
  float band_fraction = 0.f;
  /// True if at least one pixel is in the band (centroid and bbox valid).
  bool body_valid = false;
  /// Centroid of the in-band pixels in normalized image coordinates
  /// (pixel centres at (x + 0.5) / width, (y + 0.5) / height).
  float centroid_x = 0.f;
  float centroid_y = 0.f;
  /// Mean depth of the in-band pixels, millimetres.
  float centroid_z_mm = 0.f;
  depth_bbox bbox;
  /// False on the first frame and after a size change.
  bool motion_valid = false;
  /// Fraction of all pixels that changed: in the band in this or the previous
  /// frame and differing by more than the threshold (invalid counts as 0 mm).
  float motion_energy = 0.f;
};

/// Presence, centroid, bounding box and frame-difference motion from depth
/// images. Allocates only when the frame size changes.
class depth_features {
public:
  explicit depth_features(const depth_config& cfg = {}) : cfg_(cfg) {}

  /// Processes one frame; the reference stays valid until the next call.
  const depth_result& process(const depth_frame_view& frame);

private:
  depth_config cfg_;
  depth_result result_;
  std::vector<std::uint16_t> previous_;
  int previous_width_ = 0;
  int previous_height_ = 0;
};

} // namespace lume::features

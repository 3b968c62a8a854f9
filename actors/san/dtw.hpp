#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace lume {

/// Frames of `dims` feature values, stored frame after frame.
struct feature_sequence {
  std::size_t dims = 0;
  std::vector<double> values;

  std::size_t frames() const { return dims == 0 ? 0 : values.size() / dims; }
  const double* frame(std::size_t i) const { return values.data() + i * dims; }
};

/// Euclidean distance of two frames after dividing each dimension by its scale.
double frame_distance(const double* a, const double* b, const std::vector<double>& scale);

/// Per-dimension scales for `seq`: each dimension's standard deviation,
/// at least `floor`, so that every feature weighs alike whatever its unit.
std::vector<double> scales_of(const feature_sequence& seq, double floor);

/// A found occurrence of a template in a live stream.
struct dtw_match {
  double cost = 0;        ///< alignment cost per template frame
  double confidence = 0;  ///< 1 - cost / threshold, in [0, 1]
  std::int64_t start_us = 0;
  std::int64_t end_us = 0;
};

/// Finds a template in an endless stream, one frame at a time: subsequence
/// DTW (as SPRING, Sakurai et al. 2007) where a match may start at any live
/// frame and the template advances 0, 1 or 2 frames per live frame, so the
/// live gesture may be half as long as the template up to twice as long.
/// A match costs the sum of its frame distances divided by the template's
/// length, so lingering on a matching frame never makes it cheaper. It is
/// reported once its cost is below `threshold` and no cheaper end appeared
/// for a quarter of the template; paths overlapping a reported match are
/// dropped. Allocation-free after construction.
class subsequence_matcher {
public:
  subsequence_matcher(feature_sequence pattern, std::vector<double> scale, double threshold);

  /// Takes the live frame `x` (pattern dims values) at time `t_us`.
  std::optional<dtw_match> push(const double* x, std::int64_t t_us);

  /// Cost of the best alignment ending at the newest frame (+inf if none).
  double current_cost() const { return current_; }

  std::size_t length() const { return pattern_.frames(); }
  double threshold() const { return threshold_; }

private:
  struct cell {
    double cost;
    std::uint32_t frames;
    std::int64_t start_us;
  };

  feature_sequence pattern_;
  std::vector<double> scale_;
  double threshold_;
  std::uint32_t max_frames_;
  std::uint32_t hold_frames_;
  std::vector<cell> previous_;
  std::vector<cell> column_;
  double current_;
  std::optional<dtw_match> best_;
  std::uint32_t since_best_ = 0;
};

} // namespace lume

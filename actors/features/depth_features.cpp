#include "actors/features/depth_features.hpp"

#include <cstring>

namespace lume::features {

namespace {

struct row_stats {
  std::uint32_t count = 0;
  std::uint32_t sum_x = 0;
  std::uint32_t sum_z = 0;
};

/// In-band test as one unsigned compare: near <= v <= far.
inline std::uint32_t in_band(std::uint32_t v, std::uint32_t near, std::uint32_t span) {
  return static_cast<std::uint32_t>((v - near) <= span);
}

/// Pixels per chunk: a fixed trip count lets the compiler vectorize the
/// inner loops even at -O2.
constexpr int chunk = 16;

/// Band statistics of pixels [begin, end) of one row, branch-free.
template <int Count>
void scan_pixels(const std::uint16_t* row, int begin, std::uint32_t near,
                 std::uint32_t span, row_stats& s) {
  std::uint32_t count = 0;
  std::uint32_t sum_x = 0;
  std::uint32_t sum_z = 0;
  for (int k = 0; k < Count; ++k) {
    const std::uint32_t v = row[begin + k];
    const std::uint32_t mask = 0u - in_band(v, near, span);
    count -= mask;
    sum_x += mask & static_cast<std::uint32_t>(begin + k);
    sum_z += mask & v;
  }
  s.count += count;
  s.sum_x += sum_x;
  s.sum_z += sum_z;
}

row_stats scan_row(const std::uint16_t* row, int width, std::uint32_t near,
                   std::uint32_t span) {
  row_stats s;
  int x = 0;
  for (; x + chunk <= width; x += chunk)
    scan_pixels<chunk>(row, x, near, span, s);
  for (; x < width; ++x)
    scan_pixels<1>(row, x, near, span, s);
  return s;
}

/// Pixels [begin, begin + Count) in the band in either frame whose depth
/// moved by more than `threshold` millimetres, branch-free.
template <int Count>
std::uint32_t changed_pixels(const std::uint16_t* row, const std::uint16_t* previous,
                             int begin, std::uint32_t near, std::uint32_t span,
                             std::int32_t threshold) {
  std::uint32_t changed = 0;
  for (int k = 0; k < Count; ++k) {
    const std::uint32_t v = row[begin + k];
    const std::uint32_t p = previous[begin + k];
    const std::int32_t diff = static_cast<std::int32_t>(v) - static_cast<std::int32_t>(p);
    const std::uint32_t moved = static_cast<std::uint32_t>((diff > threshold) | (diff < -threshold));
    changed += (in_band(v, near, span) | in_band(p, near, span)) & moved;
  }
  return changed;
}

std::uint32_t changed_in_row(const std::uint16_t* row, const std::uint16_t* previous,
                             int width, std::uint32_t near, std::uint32_t span,
                             std::int32_t threshold) {
  std::uint32_t changed = 0;
  int x = 0;
  for (; x + chunk <= width; x += chunk)
    changed += changed_pixels<chunk>(row, previous, x, near, span, threshold);
  for (; x < width; ++x)
    changed += changed_pixels<1>(row, previous, x, near, span, threshold);
  return changed;
}

} // namespace

const depth_result& depth_features::process(const depth_frame_view& frame) {
  auto& r = result_;
  r = depth_result{};
  if (frame.data == nullptr || frame.width <= 0 || frame.height <= 0)
    return r;
  const int w = frame.width;
  const int h = frame.height;
  const std::size_t total = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  const bool have_previous = previous_width_ == w && previous_height_ == h;
  const std::uint32_t near = cfg_.near_mm;
  const std::uint32_t span = cfg_.far_mm >= cfg_.near_mm ? cfg_.far_mm - cfg_.near_mm : 0u;
  const std::int32_t threshold = cfg_.motion_threshold_mm;
  std::uint64_t count = 0;
  std::uint64_t sum_x = 0;
  std::uint64_t sum_y = 0;
  std::uint64_t sum_z = 0;
  std::uint64_t changed = 0;
  auto& box = r.bbox;
  box.min_x = w;
  box.min_y = h;
  for (int y = 0; y < h; ++y) {
    const std::size_t offset = static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
    const std::uint16_t* row = frame.data + offset;
    if (have_previous)
      changed += changed_in_row(row, previous_.data() + offset, w, near, span, threshold);
    const row_stats s = scan_row(row, w, near, span);
    if (s.count == 0)
      continue;
    count += s.count;
    sum_x += s.sum_x;
    sum_y += static_cast<std::uint64_t>(s.count) * static_cast<std::uint64_t>(y);
    sum_z += s.sum_z;
    int first = 0;
    while (!in_band(row[first], near, span))
      ++first;
    int last = w - 1;
    while (!in_band(row[last], near, span))
      --last;
    if (first < box.min_x)
      box.min_x = first;
    if (last > box.max_x)
      box.max_x = last;
    if (y < box.min_y)
      box.min_y = y;
    box.max_y = y;
  }
  r.band_pixels = count;
  r.band_fraction = static_cast<float>(static_cast<double>(count) / static_cast<double>(total));
  r.present = count > 0 && r.band_fraction >= cfg_.min_presence_fraction;
  r.body_valid = count > 0;
  if (r.body_valid) {
    const double n = static_cast<double>(count);
    r.centroid_x = static_cast<float>((static_cast<double>(sum_x) / n + 0.5) / w);
    r.centroid_y = static_cast<float>((static_cast<double>(sum_y) / n + 0.5) / h);
    r.centroid_z_mm = static_cast<float>(static_cast<double>(sum_z) / n);
    box.left = static_cast<float>(box.min_x) / static_cast<float>(w);
    box.top = static_cast<float>(box.min_y) / static_cast<float>(h);
    box.right = static_cast<float>(box.max_x + 1) / static_cast<float>(w);
    box.bottom = static_cast<float>(box.max_y + 1) / static_cast<float>(h);
  } else {
    box = depth_bbox{};
  }
  r.motion_valid = have_previous;
  r.motion_energy = have_previous
                      ? static_cast<float>(static_cast<double>(changed) / static_cast<double>(total))
                      : 0.f;
  previous_.resize(total);
  std::memcpy(previous_.data(), frame.data, total * sizeof(std::uint16_t));
  previous_width_ = w;
  previous_height_ = h;
  return r;
}

} // namespace lume::features

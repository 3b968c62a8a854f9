#include "actors/sim/depth_scene.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "actors/sim/noise.hpp"

namespace lume::sim {

namespace {

using features::vec3;

/// Extra points of the body beyond the 27 joints.
enum extra_point : int { head_top = 27, l_fingers, r_fingers, point_count };

struct capsule {
  int a;
  int b;
  float radius_m;
};

constexpr std::array<capsule, 18> body = {{
  {features::root, features::torso_4, 0.14f},
  {features::torso_4, features::torso_7, 0.15f},
  {features::l_up_leg, features::r_up_leg, 0.11f},
  {features::l_up_arm, features::r_up_arm, 0.07f},
  {features::torso_7, features::neck_2, 0.05f},
  {features::head, head_top, 0.09f},
  {features::l_up_arm, features::l_low_arm, 0.05f},
  {features::l_low_arm, features::l_hand, 0.04f},
  {features::l_hand, l_fingers, 0.045f},
  {features::r_up_arm, features::r_low_arm, 0.05f},
  {features::r_low_arm, features::r_hand, 0.04f},
  {features::r_hand, r_fingers, 0.045f},
  {features::l_up_leg, features::l_low_leg, 0.08f},
  {features::l_low_leg, features::l_foot, 0.055f},
  {features::l_foot, features::l_toes, 0.045f},
  {features::r_up_leg, features::r_low_leg, 0.08f},
  {features::r_low_leg, features::r_foot, 0.055f},
  {features::r_foot, features::r_toes, 0.045f},
}};

/// Fraction of a capsule's radius beyond which a pixel is silhouette edge.
constexpr float edge_fraction = 0.92f;
/// Key spaces of the per-pixel hashes.
constexpr std::uint64_t noise_stream = 1;
constexpr std::uint64_t dropout_stream = 2;

} // namespace

depth_scene::depth_scene(const depth_scene_config& cfg) : cfg_(cfg) {
  const std::size_t w = cfg_.width;
  const std::size_t h = cfg_.height;
  background_m_.resize(w * h);
  outside_fov_.resize(w * h);
  for (std::size_t v = 0; v < h; ++v) {
    // A floor point seen at row v below the centre is at depth camera
    // height · fy / (v − cy); the wall closes the room.
    const float below_centre = static_cast<float>(v) + 0.5f - cfg_.cy_px;
    const float floor_m = below_centre > 0 ? cfg_.camera_height_m * cfg_.fy_px / below_centre
                                           : cfg_.wall_distance_m;
    const float row_m = std::min(floor_m, cfg_.wall_distance_m);
    for (std::size_t u = 0; u < w; ++u) {
      background_m_[v * w + u] = row_m;
      // NFOV's usable field of view has cut corners.
      const float du = std::abs(static_cast<float>(u) + 0.5f - cfg_.cx_px) / cfg_.cx_px;
      const float dv = std::abs(below_centre) / cfg_.cy_px;
      outside_fov_[v * w + u] = du + dv > 1.6f;
    }
  }
}

depth_scene::projected depth_scene::project(const vec3& p) const {
  // The camera looks along −Z from z = camera_distance: image right is −X.
  const float z = cfg_.camera_distance_m - p.z;
  return {cfg_.cx_px - cfg_.fx_px * p.x / z,
          cfg_.cy_px - cfg_.fy_px * (p.y - cfg_.camera_height_m) / z, z};
}

void depth_scene::draw_capsule(const projected& a, const projected& b, float radius_m) {
  if (a.z_m <= radius_m || b.z_m <= radius_m)
    return;
  const float ra = radius_m * cfg_.fx_px / a.z_m;
  const float rb = radius_m * cfg_.fx_px / b.z_m;
  const float r_max = std::max(ra, rb);
  const int w = cfg_.width;
  const int h = cfg_.height;
  const int u0 = std::max(0, static_cast<int>(std::floor(std::min(a.u, b.u) - r_max)));
  const int u1 = std::min(w - 1, static_cast<int>(std::ceil(std::max(a.u, b.u) + r_max)));
  const int v0 = std::max(0, static_cast<int>(std::floor(std::min(a.v, b.v) - r_max)));
  const int v1 = std::min(h - 1, static_cast<int>(std::ceil(std::max(a.v, b.v) + r_max)));
  const float du = b.u - a.u;
  const float dv = b.v - a.v;
  const float length2 = du * du + dv * dv;
  for (int v = v0; v <= v1; ++v) {
    const float pv = static_cast<float>(v) + 0.5f;
    for (int u = u0; u <= u1; ++u) {
      const float pu = static_cast<float>(u) + 0.5f;
      const float s = length2 > 1e-6f
                        ? std::clamp(((pu - a.u) * du + (pv - a.v) * dv) / length2, 0.f, 1.f)
                        : 0.f;
      const float eu = pu - (a.u + s * du);
      const float ev = pv - (a.v + s * dv);
      const float r_px = ra + s * (rb - ra);
      const float d2 = eu * eu + ev * ev;
      if (d2 >= r_px * r_px)
        continue;
      const float d = std::sqrt(d2) / r_px;
      const float z = a.z_m + s * (b.z_m - a.z_m) - radius_m * std::sqrt(1.f - d * d);
      const std::size_t i = static_cast<std::size_t>(v) * cfg_.width + static_cast<std::size_t>(u);
      if (z < depth_m_[i]) {
        depth_m_[i] = z;
        edge_[i] = d > edge_fraction;
      }
    }
  }
}

void depth_scene::render(double t_s, std::uint64_t frame_index,
                         std::vector<std::uint16_t>& depth_mm) {
  depth_m_ = background_m_;
  edge_.assign(background_m_.size(), 0);
  const auto pose = dancer_.pose(t_s);
  features::forward_kinematics(pose, world_);
  std::array<vec3, point_count> points{};
  std::copy(world_.position.begin(), world_.position.end(), points.begin());
  points[head_top] = world_.position[features::head]
                     + rotate(world_.rotation[features::head], vec3{0.f, 0.16f, 0.f});
  points[l_fingers] = world_.position[features::l_hand]
                      + rotate(world_.rotation[features::l_hand], vec3{0.08f, 0.f, 0.f});
  points[r_fingers] = world_.position[features::r_hand]
                      + rotate(world_.rotation[features::r_hand], vec3{-0.08f, 0.f, 0.f});
  for (const auto& c : body)
    draw_capsule(project(points[static_cast<std::size_t>(c.a)]),
                 project(points[static_cast<std::size_t>(c.b)]), c.radius_m);

  depth_mm.resize(depth_m_.size());
  for (std::size_t i = 0; i < depth_m_.size(); ++i) {
    const std::uint64_t key = key_of(frame_index, i);
    const bool dropped = outside_fov_[i]
                         || uniform_unit(key_of(dropout_stream, key))
                              < (edge_[i] ? 0.5f : cfg_.dropout_fraction);
    if (dropped) {
      depth_mm[i] = 0;
      continue;
    }
    const float z_m = depth_m_[i];
    const float sigma_mm = 1.f + 0.6f * z_m * z_m;
    const float mm = z_m * 1000.f + sigma_mm * approx_normal(key_of(noise_stream, key));
    depth_mm[i] = static_cast<std::uint16_t>(std::clamp(std::lround(mm), 1l, 65535l));
  }
}

} // namespace lume::sim

#pragma once

#include <cstdint>
#include <vector>

#include "actors/sim/dancer.hpp"

namespace lume::sim {

/// A depth camera in front of the dancer. Defaults: roughly an Azure Kinect
/// in NFOV unbinned mode (640×576, focal length 504 px), 1.0 m above the
/// floor, looking horizontally at the dancer's stage origin from 2.0 m in
/// front (the dancer faces the camera), with a back wall 3.5 m away.
struct depth_scene_config {
  std::uint16_t width = 640;  ///< px
  std::uint16_t height = 576; ///< px
  float fx_px = 504.f;        ///< focal length, px
  float fy_px = 504.f;
  float cx_px = 320.f;        ///< principal point, px
  float cy_px = 288.f;
  float camera_height_m = 1.0f;
  float camera_distance_m = 2.0f; ///< from the camera to the dancer's stage origin
  float wall_distance_m = 3.5f;   ///< from the camera to the back wall
  float dropout_fraction = 0.003f; ///< valid pixels randomly reported as 0
};

/// Renders depth frames of the dancer (dancer.hpp) in millimetres: the back
/// wall and the floor, the body as capsules around its bones (torso, pelvis,
/// shoulders, head, arms, hands, legs, feet) whose depth bulges towards the
/// camera, then sensor-like effects: Gaussian-like noise growing with
/// distance (σ = 1 mm + 0.6 mm/m² · z²), invalid (0) corners outside the
/// NFOV field of view, half of the pixels on the body's silhouette edge
/// invalid (flying pixels), and random dropouts. A pure function of
/// (time, frame index): noise comes from hashes, not from a running state.
class depth_scene {
public:
  explicit depth_scene(const depth_scene_config& cfg = {});

  /// Writes the frame at `t_s` seconds into `depth_mm` (resized to
  /// width × height, row-major); `frame_index` seeds the noise.
  void render(double t_s, std::uint64_t frame_index, std::vector<std::uint16_t>& depth_mm);

private:
  struct projected {
    float u = 0, v = 0; ///< px
    float z_m = 0;      ///< depth along the optical axis
  };

  projected project(const features::vec3& world) const;
  void draw_capsule(const projected& a, const projected& b, float radius_m);

  depth_scene_config cfg_;
  dancer dancer_;
  std::vector<float> background_m_; ///< wall and floor, noise-free
  std::vector<std::uint8_t> outside_fov_;
  std::vector<float> depth_m_;      ///< scratch z-buffer
  std::vector<std::uint8_t> edge_;  ///< scratch: pixel on a silhouette edge
  features::world_pose world_;
};

} // namespace lume::sim

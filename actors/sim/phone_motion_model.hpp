#pragma once

#include "actors/features/math3d.hpp"
#include "actors/sim/dancer.hpp"
#include "net/phone_motion.hpp"

namespace lume::sim {

/// A phone held in the dancer's right hand (dancer.hpp), screen up in the
/// T-pose and its top along the fingers, as a phone sensor app reports it:
///
/// - acceleration: specific force in the device frame, g: gravity included
///   (+1 g along the world up axis at rest), clipped at ±16 g;
/// - rotation rate: angular velocity in the device frame, rad/s, clipped at
///   ±34.9 rad/s (2000 °/s);
/// - attitude: unit quaternion rotating device to world, world Z up
///   (mocopi's Y-up world turned +90° about X).
///
/// The hand swings with the dance; on beats 2 and 4 of the groove bars the
/// phone is shaken for 0.3 s (10 Hz, ±8 mm along the device X axis and ±8°
/// about its Z axis: about 3 g on top of the dance). Derivatives are central
/// differences of the pose over ±4 ms, so the three fields agree with each
/// other.
class phone_motion_model {
public:
  /// The sensor readings `t_s` seconds after the start.
  net::phone_motion sample(double t_s) const;

  /// 0..1: how strongly the phone is being shaken at `t_s`.
  double shake_at(double t_s) const;

private:
  /// Where the phone is: position (m) and device-to-world rotation, Z up.
  struct pose {
    features::vec3 position_m;
    features::quat attitude;
  };

  pose pose_at(double t_s) const;

  dancer dancer_;
};

} // namespace lume::sim

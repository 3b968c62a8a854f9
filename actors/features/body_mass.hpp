#pragma once

#include "actors/features/skeleton.hpp"

#include <array>

namespace lume::features {

/// Fraction of total body mass lumped at each mocopi joint, used for the
/// kinetic energy estimate. Segment fractions follow Winter's anthropometric
/// table (Biomechanics and Motor Control of Human Movement): trunk 0.497,
/// head+neck 0.081, upper arm 0.028, forearm 0.016, hand 0.006, thigh 0.100,
/// shank 0.0465, foot 0.0145. Simplification: each segment's mass sits at the
/// joint at its proximal end (upper arm at l_up_arm, thigh at l_up_leg, ...);
/// the trunk is split evenly over root and torso_1..torso_7, head+neck over
/// neck_1, neck_2 and head; shoulders and toes carry no mass. Sums to 1.
inline constexpr std::array<float, bone_count> segment_mass_fraction = {
    0.497f / 8, 0.497f / 8, 0.497f / 8, 0.497f / 8, // root, torso_1..3
    0.497f / 8, 0.497f / 8, 0.497f / 8, 0.497f / 8, // torso_4..7
    0.081f / 3, 0.081f / 3, 0.081f / 3,             // neck_1, neck_2, head
    0.f, 0.028f, 0.016f, 0.006f,                    // left arm
    0.f, 0.028f, 0.016f, 0.006f,                    // right arm
    0.100f, 0.0465f, 0.0145f, 0.f,                  // left leg
    0.100f, 0.0465f, 0.0145f, 0.f,                  // right leg
};

} // namespace lume::features

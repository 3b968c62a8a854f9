#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "actors/features/actors/feature_publisher.hpp"
#include "actors/features/motion_features.hpp"
#include "actors/features/phone_features.hpp"
#include "actors/sensing/protocols.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct motion_features_state {
  static inline const char* name = "motion-features";

  features::motion_features motion;
  features::phone_features phone;
  float gravity_m_per_s2 = 9.80665f;
  features::skeleton_frame input;
  std::optional<feature_publisher> out;
  std::uint64_t frames = 0;
  /// Skeletons the DSP cannot read (not the 27-joint mocopi rig).
  std::uint64_t wrong_rig = 0;
  /// Frames the DSP ignored (timestamp not after the previous one).
  std::uint64_t not_accepted = 0;
  std::uint64_t phone_samples = 0;
};

using motion_features_self = motion_features_actor::stateful_pointer<motion_features_state>;

/// Publishes the `motion.*` features of each skeleton and the `phone.*`
/// features of each phone sample (feature_values.hpp) with the input's
/// source and origin.
motion_features_actor::behavior_type
motion_features_behavior(motion_features_self self, std::shared_ptr<const node_context> ctx,
                         std::string name, std::vector<std::string> subscribers,
                         features::motion_config config);

/// The `motion-features` kind: options `subscribers`, `body-mass` (kg, default 70).
actor_kind motion_features_kind();

} // namespace lume

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/features/actors/feature_publisher.hpp"
#include "actors/features/depth_features.hpp"
#include "actors/sensing/protocols.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct depth_features_state {
  static inline const char* name = "depth-features";

  features::depth_features depth;
  std::optional<feature_publisher> out;
  std::uint64_t frames = 0;
  /// Frames whose pixel count is not width × height.
  std::uint64_t bad_frames = 0;
};

using depth_features_self = depth_features_actor::stateful_pointer<depth_features_state>;

/// Publishes the `depth.*` features of each depth frame (feature_values.hpp).
depth_features_actor::behavior_type
depth_features_behavior(depth_features_self self, std::shared_ptr<const node_context> ctx,
                        std::string name, std::vector<std::string> subscribers,
                        features::depth_config config);

/// The `depth-features` kind: options `subscribers`, `near-mm` (500) and
/// `far-mm` (4000), the depth band of the body.
actor_kind depth_features_kind();

} // namespace lume

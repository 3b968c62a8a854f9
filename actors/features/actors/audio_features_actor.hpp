#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/features/actors/feature_publisher.hpp"
#include "actors/features/audio_features.hpp"
#include "actors/features/doa.hpp"
#include "actors/sensing/protocols.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct audio_features_state {
  static inline const char* name = "audio-features";

  std::size_t fft_size = 2048;
  bool doa_enabled = true;
  /// Rate (Hz) and channels the DSP is set up for; blocks of another
  /// format set it up anew.
  std::uint32_t rate = 0;
  std::uint16_t channels = 0;
  std::unique_ptr<features::audio_features> audio;
  std::unique_ptr<features::doa_estimator> doa;
  std::optional<feature_publisher> out;
  std::uint64_t blocks = 0;
  /// Blocks with no frames, a partial frame, or a format the DSP refuses.
  std::uint64_t bad_blocks = 0;
};

using audio_features_self = audio_features_actor::stateful_pointer<audio_features_state>;

/// Publishes the `audio.*` features of each block (feature_values.hpp),
/// with the direction of arrival when the block has the UMA-8's 7 mics.
audio_features_actor::behavior_type
audio_features_behavior(audio_features_self self, std::shared_ptr<const node_context> ctx,
                        std::string name, std::vector<std::string> subscribers,
                        std::size_t fft_size, bool doa);

/// The `audio-features` kind: options `subscribers`, `fft-size` (2048, a
/// power of two), `doa` (true: estimate the azimuth on 7+ channel blocks).
actor_kind audio_features_kind();

} // namespace lume

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "net/encode_result.hpp"
#include "net/lum_payload_status.hpp"

/// LUMF payload: one block of audio and the features extracted from it.
///
///   0 sample_rate u32 | 4 channels u16 | 6 frames u16 | 8 feature_count u16 |
///   10 feature_count × { name_length u8 (1..255) | name (ASCII) | value f32 } |
///   frames × channels samples f32, interleaved, in [-1, 1]
namespace lume::net {

inline constexpr std::size_t audio_payload_header_size = 10;

/// One named audio feature (e.g. "rms", "centroid_hz", "onset").
struct audio_feature {
  std::string name;
  float value = 0;
};

/// An audio block with its features.
struct audio_payload {
  std::uint32_t sample_rate = 0;
  std::uint16_t channels = 0;
  std::uint16_t frames = 0;    ///< samples per channel
  std::vector<float> samples;  ///< frames × channels, interleaved
  std::vector<audio_feature> features;
};

/// Encoded size of `block`.
std::size_t audio_payload_size(const audio_payload& block);

/// Fails with invalid_input if the sample count is not frames × channels, a
/// rate or channel count is zero, or a feature name is empty or over 255 bytes.
encode_result encode_audio_payload(const audio_payload& block, std::uint8_t* out,
                                   std::size_t capacity);

/// Decodes into `out`, reusing its storage.
payload_status decode_audio_payload(const std::uint8_t* payload, std::size_t size,
                                    audio_payload& out);

} // namespace lume::net

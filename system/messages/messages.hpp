#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>

#include "system/messages/described.hpp"

/// The message vocabulary of the whole show. Every message is a plain struct
/// described once (see described.hpp) and registered in type_ids.hpp. Each one
/// carries `origin_us`, the Link host time (µs) at which its data entered the
/// mesh, so every hop can measure its latency.
namespace lume {

/// One bone of a skeleton: local rotation (quaternion) and translation (m).
struct joint {
  static constexpr const char* type_name = "lume::joint";
  int32_t parent = -1;
  float qx = 0, qy = 0, qz = 0, qw = 1;
  float px = 0, py = 0, pz = 0;
};
BOOST_DESCRIBE_STRUCT(joint, (), (parent, qx, qy, qz, qw, px, py, pz))

/// A full-body pose from mocopi (27 bones) or another motion source.
struct skeleton_frame {
  static constexpr const char* type_name = "lume::skeleton_frame";
  std::string source;
  uint32_t frame = 0;
  int64_t origin_us = 0;
  std::vector<joint> joints;
};
BOOST_DESCRIBE_STRUCT(skeleton_frame, (), (source, frame, origin_us, joints))

/// Phone motion: acceleration (g), rotation rate (rad/s), attitude quaternion.
struct phone_motion {
  static constexpr const char* type_name = "lume::phone_motion";
  std::string source;
  int64_t origin_us = 0;
  float ax = 0, ay = 0, az = 0;
  float gx = 0, gy = 0, gz = 0;
  float qx = 0, qy = 0, qz = 0, qw = 1;
};
BOOST_DESCRIBE_STRUCT(phone_motion, (), (source, origin_us, ax, ay, az, gx, gy,
                                         gz, qx, qy, qz, qw))

/// A depth image in millimetres (0 = no reading), row-major.
struct depth_frame {
  static constexpr const char* type_name = "lume::depth_frame";
  std::string source;
  uint32_t sequence = 0;
  int64_t origin_us = 0;
  uint16_t width = 0;
  uint16_t height = 0;
  std::vector<uint16_t> depth_mm;
};
BOOST_DESCRIBE_STRUCT(depth_frame, (), (source, sequence, origin_us, width, height, depth_mm))

/// A block of interleaved audio samples in [-1, 1].
struct audio_block {
  static constexpr const char* type_name = "lume::audio_block";
  std::string source;
  uint32_t sequence = 0;
  int64_t origin_us = 0;
  uint32_t sample_rate = 0;
  uint16_t channels = 0;
  std::vector<float> samples;
};
BOOST_DESCRIBE_STRUCT(audio_block, (), (source, sequence, origin_us, sample_rate,
                                        channels, samples))

/// Named features extracted from one input frame.
struct feature_vector {
  static constexpr const char* type_name = "lume::feature_vector";
  std::string source;
  int64_t origin_us = 0;
  std::map<std::string, double> values;
};
BOOST_DESCRIBE_STRUCT(feature_vector, (), (source, origin_us, values))

/// Named music parameters (energy, density, brightness, tension, ...).
struct music_params {
  static constexpr const char* type_name = "lume::music_params";
  int64_t origin_us = 0;
  std::map<std::string, double> values;
};
BOOST_DESCRIBE_STRUCT(music_params, (), (origin_us, values))

/// A recognised or anticipated gesture.
struct gesture {
  static constexpr const char* type_name = "lume::gesture";
  std::string name;
  double confidence = 0;
  double intensity = 0;
  int64_t origin_us = 0;
  int64_t predicted_peak_us = 0;
  /// Beat of `predicted_peak_us` on the sending host's Link timeline (its
  /// phase within the quantum is shared by every peer, not its magnitude).
  double predicted_beat = 0;
};
BOOST_DESCRIBE_STRUCT(gesture, (), (name, confidence, intensity, origin_us,
                                    predicted_peak_us, predicted_beat))

/// The beat clock as seen at one host time.
struct clock_tick {
  static constexpr const char* type_name = "lume::clock_tick";
  double tempo = 0;
  double beat = 0;
  double phase = 0;
  double quantum = 0;
  uint32_t peers = 0;
  bool playing = false;
  int64_t origin_us = 0;
};
BOOST_DESCRIBE_STRUCT(clock_tick, (), (tempo, beat, phase, quantum, peers,
                                       playing, origin_us))

} // namespace lume

#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "actors/sensors/audio_input.hpp"
#include "actors/sensors/sensor_source.hpp"
#include "actors/sensors/stop_event.hpp"

struct _snd_pcm;

namespace lume {

/// Settings of one ALSA capture device.
struct alsa_capture_config {
  std::string device;            ///< ALSA PCM name, e.g. "hw:UMA8" or "plughw:1,0"
  std::uint32_t rate = 48000;    ///< Hz; the device must support it exactly
  std::uint16_t channels = 8;
  std::uint32_t period = 512;    ///< frames per block handed to the input
  std::string thread_name;       ///< shown by top/ps, at most 15 characters
};

/// Captures interleaved audio from an ALSA device (an 8-channel UMA-8) on
/// its own thread: blocks in poll on the PCM and an eventfd, reads one
/// period at a time (float, S32 or S16, whichever the device offers first),
/// converts to float in [-1, 1] and hands it to the input with the capture
/// time of its first frame. Overruns are recovered and counted; an error
/// that cannot be recovered (the device unplugged) ends the thread and is
/// reported to `lost`.
class alsa_capture : public sensor_source {
public:
  static std::variant<std::unique_ptr<alsa_capture>, std::string>
  open(const alsa_capture_config& cfg, std::shared_ptr<audio_input> input, source_lost_fn lost);

  ~alsa_capture() override;

  /// `{"device", "rate", "channels", "period", "format", "blocks", "overruns", "read_errors"}`.
  boost::json::object state() const override;

private:
  alsa_capture(const alsa_capture_config& cfg, std::shared_ptr<audio_input> input,
               source_lost_fn lost);

  void run();
  /// Reads every complete period; false once the device is lost.
  bool read_available();
  void to_float(std::size_t frames);

  alsa_capture_config cfg_;
  std::shared_ptr<audio_input> input_;
  source_lost_fn lost_;
  _snd_pcm* pcm_ = nullptr;
  int format_ = 0;
  std::size_t sample_bytes_ = 4;
  std::vector<std::uint8_t> raw_;
  std::vector<float> samples_;
  std::atomic<std::uint64_t> blocks_{0};
  std::atomic<std::uint64_t> overruns_{0};
  std::atomic<std::uint64_t> read_errors_{0};
  stop_event stop_;
  std::thread thread_;
};

} // namespace lume

#define CAF_SUITE features.audio
#include <caf/test/unit_test.hpp>

#include "actors/features/audio_features.hpp"

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

using namespace lume::features;

namespace {

constexpr float rate = 48000.f;
constexpr std::size_t channels = 8;
constexpr float two_pi = 6.2831853071795864f;

/// Interleaved block of `frames` frames: channel c carries a sine of
/// amplitude amp * (c + 1) / channels at `hz`, starting at frame `start`.
std::vector<float> sine_block(float hz, float amp, std::size_t start, std::size_t frames) {
  std::vector<float> block(frames * channels);
  for (std::size_t i = 0; i < frames; ++i) {
    const double t = double(start + i) / rate;
    const float s = float(std::sin(two_pi * hz * t));
    for (std::size_t c = 0; c < channels; ++c)
      block[i * channels + c] = s * amp * float(c + 1) / float(channels);
  }
  return block;
}

} // namespace

CAF_TEST(sine gives the centroid at its frequency and RMS of A over root 2) {
  for (float hz : {440.f, 1000.f, 1234.5f, 3000.f, 8000.f}) {
    audio_config cfg;
    cfg.analysis_channel = channels - 1; // full amplitude channel
    audio_features features(cfg);
    const float amp = 0.8f;
    const std::size_t block = 1024;
    std::mt19937 rng(1);
    std::normal_distribution<float> noise(0.f, 1e-3f); // -60 dBFS floor
    for (std::size_t b = 0; b < 6; ++b) {
      auto data = sine_block(hz, amp, b * block, block);
      for (auto& v : data)
        v += noise(rng);
      const auto& r = features.process(data.data(), block);
      if (b < 2)
        continue;
      CAF_CHECK_LESS(std::abs(r.centroid_hz - hz) / hz, 0.03f);
      for (std::size_t c = 0; c < channels; ++c) {
        const float a = amp * float(c + 1) / float(channels);
        CAF_CHECK_LESS(std::abs(r.rms[c] - a / std::sqrt(2.f)), 0.01f * a);
        CAF_CHECK_LESS(std::abs(r.rms_dbfs[c] - 20.f * std::log10(a / std::sqrt(2.f))), 0.1f);
      }
    }
  }
}

CAF_TEST(silence reports the dBFS floor and no centroid) {
  audio_features features;
  const std::vector<float> zeros(512 * channels, 0.f);
  const auto& r = features.process(zeros.data(), 512);
  CAF_CHECK_EQUAL(r.rms[0], 0.f);
  CAF_CHECK_EQUAL(r.rms_dbfs[0], silence_dbfs);
  CAF_CHECK_EQUAL(r.mix_dbfs, silence_dbfs);
  CAF_CHECK_EQUAL(r.centroid_hz, 0.f);
  CAF_CHECK(!r.onset.onset);
}

CAF_TEST(click train gives onsets exactly at the click blocks) {
  struct click {
    std::size_t block;
    std::size_t offset;
  };
  for (std::size_t block : {512u, 1024u}) {
    audio_config cfg;
    cfg.fft_size = 2 * block;
    audio_features features(cfg);
    const std::vector<click> clicks{{8, 10}, {16, block / 5}, {24, block * 2 / 5},
                                    {32, block / 2}, {40, 3}, {48, block / 3}};
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.f, 1e-3f);
    std::vector<std::size_t> detected;
    for (std::size_t b = 0; b < 56; ++b) {
      std::vector<float> data(block * channels);
      for (auto& v : data)
        v = noise(rng);
      for (const auto& c : clicks)
        if (c.block == b)
          for (std::size_t ch = 0; ch < channels; ++ch)
            data[c.offset * channels + ch] += 0.8f;
      const auto& r = features.process(data.data(), block);
      if (r.onset.onset) {
        detected.push_back(b);
        CAF_CHECK_GREATER(r.onset.strength, 1.f);
      }
    }
    CAF_REQUIRE_EQUAL(detected.size(), clicks.size());
    for (std::size_t i = 0; i < clicks.size(); ++i)
      CAF_CHECK_EQUAL(detected[i], clicks[i].block);
  }
}

CAF_TEST(steady sine gives no onsets) {
  for (float hz : {220.f, 1234.5f, 5000.f}) {
    audio_features features;
    std::mt19937 rng(3);
    std::normal_distribution<float> noise(0.f, 1e-3f);
    const std::size_t block = 1024;
    int onsets = 0;
    for (std::size_t b = 0; b < 200; ++b) {
      auto data = sine_block(hz, 0.9f, b * block, block);
      for (auto& v : data)
        v += noise(rng);
      const auto& r = features.process(data.data(), block);
      if (b >= 2 && r.onset.onset)
        ++onsets;
    }
    CAF_CHECK_EQUAL(onsets, 0);
  }
}

CAF_TEST(steady noise raises the adaptive threshold and gives no onsets) {
  audio_features features;
  std::mt19937 rng(4);
  std::normal_distribution<float> noise(0.f, 0.05f);
  const std::size_t block = 1024;
  std::vector<float> data(block * channels);
  int onsets = 0;
  float threshold = 0.f;
  for (std::size_t b = 0; b < 300; ++b) {
    for (auto& v : data)
      v = noise(rng);
    const auto& r = features.process(data.data(), block);
    if (b >= 20 && r.onset.onset)
      ++onsets;
    threshold = r.onset.threshold;
  }
  CAF_CHECK_EQUAL(onsets, 0);
  CAF_CHECK_GREATER(threshold, 2.f * onset_config{}.threshold_offset);
}

CAF_TEST(bad configuration is rejected) {
  audio_config cfg;
  cfg.analysis_channel = cfg.channels;
  bool threw = false;
  try {
    audio_features features(cfg);
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  CAF_CHECK(threw);
}

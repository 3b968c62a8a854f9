// Micro benchmark of the feature extractors: per-call latency percentiles.

#include "actors/features/audio_features.hpp"
#include "actors/features/depth_features.hpp"
#include "actors/features/doa.hpp"
#include "actors/features/motion_features.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

using namespace lume::features;

namespace {

using bench_clock = std::chrono::steady_clock;

/// Runs `call(i)` `iterations` times after `warmup` untimed calls and prints
/// the p50 and p99 latency in microseconds.
template <class F>
void measure(const char* name, int warmup, int iterations, F&& call) {
  for (int i = 0; i < warmup; ++i)
    call(i);
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    const auto start = bench_clock::now();
    call(warmup + i);
    const auto stop = bench_clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
  }
  std::sort(us.begin(), us.end());
  const auto at = [&](double q) {
    return us[static_cast<std::size_t>(q * static_cast<double>(us.size() - 1))];
  };
  std::printf("%-44s p50 %9.2f us   p99 %9.2f us\n", name, at(0.5), at(0.99));
}

/// Accumulates results so the optimizer cannot drop the work.
volatile float sink = 0.f;

void bench_motion() {
  motion_features features;
  std::vector<skeleton_frame> frames;
  for (int i = 0; i < 256; ++i) {
    auto f = mocopi_t_pose(std::int64_t{i} * 16667);
    f.bones[root].pos[0] = 0.01f * static_cast<float>(i);
    const quat arm = axis_angle({0.f, 0.f, 1.f}, 0.05f * static_cast<float>(i));
    f.bones[l_up_arm].rot = {arm.x, arm.y, arm.z, arm.w};
    frames.push_back(f);
  }
  std::int64_t t = 0;
  measure("motion features / skeleton frame", 200, 5000, [&](int i) {
    auto& f = frames[static_cast<std::size_t>(i) % frames.size()];
    t += 16667;
    f.timestamp_us = t;
    sink = sink + features.process(f).kinetic_energy_j;
  });
}

void bench_depth() {
  constexpr int w = 640;
  constexpr int h = 576;
  std::vector<std::vector<std::uint16_t>> frames(2, std::vector<std::uint16_t>(w * h, 0));
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> wall(4500, 5500);
  for (int k = 0; k < 2; ++k)
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const bool body = x >= 200 + 15 * k && x < 380 + 15 * k && y >= 80 && y < 520;
        frames[std::size_t(k)][std::size_t(y * w + x)] =
          static_cast<std::uint16_t>(body ? 1800 + (x + y) % 200 : wall(rng));
      }
  depth_features features;
  measure("depth features / 640x576 frame", 20, 1000, [&](int i) {
    const auto& f = frames[static_cast<std::size_t>(i % 2)];
    sink = sink + features.process({f.data(), w, h}).motion_energy;
  });
}

void bench_audio() {
  constexpr std::size_t channels = 8;
  constexpr std::size_t block = 1024;
  std::mt19937 rng(2);
  std::normal_distribution<float> noise(0.f, 0.1f);
  std::vector<std::vector<float>> blocks(16, std::vector<float>(channels * block));
  for (auto& b : blocks)
    for (auto& v : b)
      v = noise(rng);
  audio_features audio;
  doa_estimator doa;
  const auto pick = [&](int i) { return blocks[static_cast<std::size_t>(i) % blocks.size()].data(); };
  measure("audio rms/onset/centroid / 8ch x 1024", 20, 2000,
          [&](int i) { sink = sink + audio.process(pick(i), block).centroid_hz; });
  measure("GCC-PHAT DOA / 8ch x 1024", 20, 2000,
          [&](int i) { sink = sink + doa.process(pick(i), block).azimuth_deg; });
  measure("audio features incl. DOA / 8ch x 1024", 20, 2000, [&](int i) {
    sink = sink + audio.process(pick(i), block).centroid_hz;
    sink = sink + doa.process(pick(i), block).azimuth_deg;
  });
}

} // namespace

int main() {
  bench_motion();
  bench_depth();
  bench_audio();
  return 0;
}

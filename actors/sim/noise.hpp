#pragma once

#include <cstdint>

/// Counter-based random numbers: each value is a hash of a key (sample index,
/// pixel index, ...), so every simulator generator stays a pure function of
/// time and can start or skip anywhere.
namespace lume::sim {

/// splitmix64's finaliser: a well-mixed 64-bit value for each key.
constexpr std::uint64_t mix64(std::uint64_t key) {
  std::uint64_t z = key + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Uniform in [-1, 1), 24 bits of resolution.
inline float uniform_signed(std::uint64_t key) {
  return static_cast<float>(mix64(key) >> 40) * (1.f / 8388608.f) - 1.f;
}

/// Uniform in [0, 1), 24 bits of resolution.
inline float uniform_unit(std::uint64_t key) {
  return static_cast<float>(mix64(key) >> 40) * (1.f / 16777216.f);
}

/// Approximately standard normal: the sum of four uniform bytes of one hash,
/// centred and scaled to unit variance (range ±3.45).
inline float approx_normal(std::uint64_t key) {
  const std::uint64_t h = mix64(key);
  const int sum = static_cast<int>(h & 0xFF) + static_cast<int>((h >> 8) & 0xFF)
                  + static_cast<int>((h >> 16) & 0xFF) + static_cast<int>((h >> 24) & 0xFF);
  // Four uniform bytes: mean 510, variance 4 · (256² − 1) / 12 = 21845.
  constexpr float inverse_sd = 1.f / 147.8005f;
  return static_cast<float>(sum - 510) * inverse_sd;
}

/// A key from two values (stream and sample, frame and pixel, ...): `b`
/// against a hashed `a`, so nearby pairs never share a key in practice.
constexpr std::uint64_t key_of(std::uint64_t a, std::uint64_t b) {
  return mix64(a) ^ b;
}

} // namespace lume::sim

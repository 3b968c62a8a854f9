#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace lume::features {

/// Periodic Hann window of `n` samples: w[i] = 0.5 - 0.5 cos(2 pi i / n).
inline std::vector<float> hann_window(std::size_t n) {
  std::vector<float> w(n);
  const double two_pi = 2.0 * std::acos(-1.0);
  for (std::size_t i = 0; i < n; ++i)
    w[i] = static_cast<float>(0.5 - 0.5 * std::cos(two_pi * static_cast<double>(i) / static_cast<double>(n)));
  return w;
}

} // namespace lume::features

#pragma once

#include "actors/features/fft.hpp"

#include <cstddef>
#include <vector>

namespace lume::features {

/// Generalized cross-correlation with phase transform (GCC-PHAT) between
/// spectra of real signals, restricted to a frequency band and to lags within
/// +-max_lag samples. For x_a(t) = s(t - t_a), x_b(t) = s(t - t_b) the
/// correlation of (a, b) peaks at lag (t_a - t_b) * sample_rate; a perfectly
/// coherent pair peaks at 1. Allocation-free after construction.
class gcc_phat {
public:
  /// Taps on each side used by the fractional-lag (Lanczos) interpolation.
  static constexpr int interpolation_half_width = 4;

  /// @param fft_size transform length (power of two).
  /// @param sample_rate_hz sample rate, Hz.
  /// @param min_hz, max_hz band used for the correlation, Hz.
  /// @param max_lag largest |lag| of interest, samples.
  /// @param oversample fine-grid points per sample of lag for upsample().
  gcc_phat(std::size_t fft_size, float sample_rate_hz, float min_hz, float max_hz,
           int max_lag, int oversample = 8);

  std::size_t fft_size() const { return fft_.size(); }
  int max_lag() const { return max_lag_; }
  int oversample() const { return oversample_; }

  /// Values per correlation curve: lags -(max_lag + half width) ..
  /// +(max_lag + half width), so fractional lags up to max_lag interpolate.
  std::size_t curve_size() const { return 2 * static_cast<std::size_t>(reach()) + 1; }

  /// Forward transforms of two real signals of fft_size() samples into
  /// fft_size()/2 + 1 bins each.
  void transform_pair(const float* a, const float* b, cfloat* spec_a, cfloat* spec_b);

  /// Two correlation curves at once: (a1, b1) into `curve1` and (a2, b2)
  /// into `curve2`, each curve_size() values, index i = lag + reach.
  void correlate_two(const cfloat* a1, const cfloat* b1, const cfloat* a2,
                     const cfloat* b2, float* curve1, float* curve2);

  /// Values of a fine curve: lags -max_lag .. +max_lag in steps of
  /// 1 / oversample samples.
  std::size_t fine_size() const {
    return 2 * static_cast<std::size_t>(max_lag_ * oversample_) + 1;
  }

  /// Lag in samples of fine-curve index `i`.
  float fine_lag(std::size_t i) const {
    return static_cast<float>(i) / static_cast<float>(oversample_) - static_cast<float>(max_lag_);
  }

  /// Band-limited (Lanczos) interpolation of a curve from correlate_two()
  /// onto the fine lag grid: writes fine_size() values to `fine`.
  void upsample(const float* curve, float* fine) const;

private:
  int reach() const { return max_lag_ + interpolation_half_width; }
  void weighted_cross(const cfloat* a, const cfloat* b, cfloat* out) const;

  fft fft_;
  std::size_t first_bin_;
  std::size_t last_bin_;
  int max_lag_;
  int oversample_;
  float scale_ = 0.f;
  /// Lanczos weights per fractional phase: oversample x (2 * half width).
  std::vector<float> taps_;
  std::vector<cfloat> cross1_;
  std::vector<cfloat> cross2_;
  std::vector<cfloat> work_;
  std::vector<float> time1_;
  std::vector<float> time2_;
};

} // namespace lume::features

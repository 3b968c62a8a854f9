#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lume::features {

using cfloat = std::complex<float>;

/// In-place iterative radix-2 complex FFT of a fixed power-of-two size.
/// Twiddles and the bit-reversal permutation are computed once at
/// construction; transforms allocate nothing.
class fft {
public:
  /// @throws std::invalid_argument unless `size` is a power of two >= 2.
  explicit fft(std::size_t size);

  std::size_t size() const { return n_; }

  /// X[k] = sum_n x[n] exp(-2*pi*i*k*n/N), in place on `size()` values.
  void forward(cfloat* data) const;

  /// x[n] = sum_k X[k] exp(+2*pi*i*k*n/N), in place, NOT scaled by 1/N.
  void inverse(cfloat* data) const;

  /// Spectra of two real signals `a` and `b` (`size()` samples each) with a
  /// single complex transform. Writes bins 0..N/2 (N/2+1 values) to `spec_a`
  /// and `spec_b`; `work` must hold `size()` values.
  void forward_real_pair(const float* a, const float* b, cfloat* spec_a,
                         cfloat* spec_b, cfloat* work) const;

  /// Inverse of two Hermitian spectra given as bins 0..N/2 with a single
  /// complex transform: writes N real samples each to `a` and `b`, NOT scaled
  /// by 1/N. `work` must hold `size()` values.
  void inverse_real_pair(const cfloat* spec_a, const cfloat* spec_b, float* a,
                         float* b, cfloat* work) const;

private:
  void transform(cfloat* data, bool inverse) const;

  std::size_t n_;
  std::vector<cfloat> twiddles_;
  std::vector<std::uint32_t> bit_reverse_;
};

} // namespace lume::features

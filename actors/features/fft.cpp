#include "actors/features/fft.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace lume::features {

fft::fft(std::size_t size) : n_(size) {
  if (size < 2 || (size & (size - 1)) != 0)
    throw std::invalid_argument("fft size must be a power of two >= 2");
  twiddles_.resize(n_ / 2);
  const double pi = std::acos(-1.0);
  for (std::size_t k = 0; k < n_ / 2; ++k) {
    const double phase = -2.0 * pi * static_cast<double>(k) / static_cast<double>(n_);
    twiddles_[k] = cfloat(static_cast<float>(std::cos(phase)),
                          static_cast<float>(std::sin(phase)));
  }
  unsigned bits = 0;
  while ((std::size_t{1} << bits) < n_)
    ++bits;
  bit_reverse_.resize(n_);
  for (std::size_t i = 0; i < n_; ++i) {
    std::uint32_t r = 0;
    for (unsigned b = 0; b < bits; ++b)
      r |= static_cast<std::uint32_t>((i >> b) & 1u) << (bits - 1 - b);
    bit_reverse_[i] = r;
  }
}

void fft::forward(cfloat* data) const { transform(data, false); }

void fft::inverse(cfloat* data) const { transform(data, true); }

void fft::transform(cfloat* data, bool inverse) const {
  for (std::size_t i = 0; i < n_; ++i) {
    const std::size_t j = bit_reverse_[i];
    if (i < j)
      std::swap(data[i], data[j]);
  }
  for (std::size_t len = 2; len <= n_; len <<= 1) {
    const std::size_t half = len / 2;
    const std::size_t step = n_ / len;
    for (std::size_t start = 0; start < n_; start += len) {
      cfloat* lo = data + start;
      cfloat* hi = lo + half;
      for (std::size_t k = 0; k < half; ++k) {
        const cfloat tw = twiddles_[k * step];
        const float wr = tw.real();
        const float wi = inverse ? -tw.imag() : tw.imag();
        const float hr = hi[k].real();
        const float hi_im = hi[k].imag();
        const cfloat t(hr * wr - hi_im * wi, hr * wi + hi_im * wr);
        hi[k] = lo[k] - t;
        lo[k] += t;
      }
    }
  }
}

void fft::forward_real_pair(const float* a, const float* b, cfloat* spec_a,
                            cfloat* spec_b, cfloat* work) const {
  for (std::size_t i = 0; i < n_; ++i)
    work[i] = cfloat(a[i], b[i]);
  forward(work);
  for (std::size_t k = 0; k <= n_ / 2; ++k) {
    const cfloat z = work[k];
    const cfloat zc = std::conj(work[(n_ - k) & (n_ - 1)]);
    spec_a[k] = 0.5f * (z + zc);
    const cfloat d = 0.5f * (z - zc);
    spec_b[k] = cfloat(d.imag(), -d.real());
  }
}

void fft::inverse_real_pair(const cfloat* spec_a, const cfloat* spec_b,
                            float* a, float* b, cfloat* work) const {
  const cfloat j(0.f, 1.f);
  for (std::size_t k = 0; k <= n_ / 2; ++k)
    work[k] = spec_a[k] + j * spec_b[k];
  for (std::size_t k = n_ / 2 + 1; k < n_; ++k)
    work[k] = std::conj(spec_a[n_ - k]) + j * std::conj(spec_b[n_ - k]);
  inverse(work);
  for (std::size_t i = 0; i < n_; ++i) {
    a[i] = work[i].real();
    b[i] = work[i].imag();
  }
}

} // namespace lume::features

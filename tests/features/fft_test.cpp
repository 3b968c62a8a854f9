#define CAF_SUITE features.fft
#include <caf/test/unit_test.hpp>

#include "actors/features/fft.hpp"

#include <cmath>
#include <complex>
#include <random>
#include <stdexcept>
#include <vector>

using namespace lume::features;

namespace {

std::vector<std::complex<double>> naive_dft(const std::vector<cfloat>& x) {
  const std::size_t n = x.size();
  const double pi = std::acos(-1.0);
  std::vector<std::complex<double>> out(n);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i)
      out[k] += std::complex<double>(x[i]) * std::polar(1.0, -2.0 * pi * double(k * i % n) / double(n));
  return out;
}

} // namespace

CAF_TEST(forward transform matches a direct DFT) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  for (std::size_t n : {2u, 8u, 64u, 256u}) {
    std::vector<cfloat> x(n);
    for (auto& v : x)
      v = cfloat(u(rng), u(rng));
    const auto expected = naive_dft(x);
    fft f(n);
    f.forward(x.data());
    double worst = 0.0;
    for (std::size_t k = 0; k < n; ++k)
      worst = std::max(worst, std::abs(std::complex<double>(x[k]) - expected[k]));
    CAF_CHECK_LESS(worst, 1e-4 * double(n));
  }
}

CAF_TEST(inverse undoes forward up to the factor N) {
  const std::size_t n = 1024;
  std::vector<cfloat> x(n);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = cfloat(std::sin(0.1f * float(i)), float(i % 7) - 3.f);
  auto y = x;
  fft f(n);
  f.forward(y.data());
  f.inverse(y.data());
  float worst = 0.f;
  for (std::size_t i = 0; i < n; ++i)
    worst = std::max(worst, std::abs(y[i] / float(n) - x[i]));
  CAF_CHECK_LESS(worst, 1e-4f);
}

CAF_TEST(real pair transforms match separate complex transforms) {
  const std::size_t n = 128;
  std::vector<float> a(n), b(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = std::cos(0.3f * float(i)) + 0.2f;
    b[i] = float((i * 37) % 11) - 5.f;
  }
  fft f(n);
  std::vector<cfloat> spec_a(n / 2 + 1), spec_b(n / 2 + 1), work(n);
  f.forward_real_pair(a.data(), b.data(), spec_a.data(), spec_b.data(), work.data());
  std::vector<cfloat> ca(a.begin(), a.end()), cb(b.begin(), b.end());
  f.forward(ca.data());
  f.forward(cb.data());
  float worst = 0.f;
  for (std::size_t k = 0; k <= n / 2; ++k)
    worst = std::max({worst, std::abs(spec_a[k] - ca[k]), std::abs(spec_b[k] - cb[k])});
  CAF_CHECK_LESS(worst, 1e-3f);
  std::vector<float> ra(n), rb(n);
  f.inverse_real_pair(spec_a.data(), spec_b.data(), ra.data(), rb.data(), work.data());
  worst = 0.f;
  for (std::size_t i = 0; i < n; ++i)
    worst = std::max({worst, std::abs(ra[i] / float(n) - a[i]), std::abs(rb[i] / float(n) - b[i])});
  CAF_CHECK_LESS(worst, 1e-4f);
}

CAF_TEST(sizes that are not powers of two are rejected) {
  bool threw = false;
  try {
    fft f(1000);
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  CAF_CHECK(threw);
}

#include "system/telemetry/latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace lume {

namespace {

constexpr std::uint64_t largest_value = (std::uint64_t{1} << (latency_histogram::max_exponent + 1)) - 1;

int exponent_of(std::uint64_t x) {
  return 63 - __builtin_clzll(x);
}

} // namespace

std::size_t latency_histogram::bucket_of(std::uint64_t us) {
  if (us < linear_buckets)
    return static_cast<std::size_t>(us);
  us = std::min(us, largest_value);
  const int e = exponent_of(us);
  const auto sub = (us >> (e - sub_bucket_bits)) & ((1u << sub_bucket_bits) - 1);
  return linear_buckets + static_cast<std::size_t>(e - 4) * (std::size_t{1} << sub_bucket_bits)
         + static_cast<std::size_t>(sub);
}

std::uint64_t latency_histogram::upper_edge(std::size_t bucket) {
  if (bucket < linear_buckets)
    return bucket;
  const std::size_t k = bucket - linear_buckets;
  const int e = 4 + static_cast<int>(k >> sub_bucket_bits);
  const std::uint64_t sub = k & ((1u << sub_bucket_bits) - 1);
  const int width_bits = e - sub_bucket_bits;
  const std::uint64_t lower = ((std::uint64_t{1} << sub_bucket_bits) + sub) << width_bits;
  return lower + (std::uint64_t{1} << width_bits) - 1;
}

void latency_histogram::record(std::int64_t us) {
  std::uint64_t value = 0;
  if (us < 0)
    negative_.fetch_add(1, std::memory_order_relaxed);
  else
    value = static_cast<std::uint64_t>(us);
  buckets_[bucket_of(value)].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  auto seen = max_.load(std::memory_order_relaxed);
  while (value > seen && !max_.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

latency_summary latency_histogram::summary() const {
  std::array<std::uint64_t, bucket_count> counts;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < bucket_count; ++i) {
    counts[i] = buckets_[i].load(std::memory_order_relaxed);
    total += counts[i];
  }
  latency_summary result;
  result.count = total;
  result.negative = negative_.load(std::memory_order_relaxed);
  result.max_us = max_.load(std::memory_order_relaxed);
  if (total == 0)
    return result;
  result.mean_us = static_cast<double>(sum_.load(std::memory_order_relaxed))
                   / static_cast<double>(count_.load(std::memory_order_relaxed));
  auto percentile = [&](double q) {
    const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < bucket_count; ++i) {
      seen += counts[i];
      if (seen >= rank)
        return std::min(upper_edge(i), result.max_us);
    }
    return result.max_us;
  };
  result.p50_us = percentile(0.50);
  result.p99_us = percentile(0.99);
  return result;
}

void latency_histogram::reset() {
  for (auto& bucket : buckets_)
    bucket.store(0, std::memory_order_relaxed);
  count_.store(0, std::memory_order_relaxed);
  negative_.store(0, std::memory_order_relaxed);
  sum_.store(0, std::memory_order_relaxed);
  max_.store(0, std::memory_order_relaxed);
}

} // namespace lume

#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace lume {

/// What a latency histogram holds, in microseconds. Percentiles are the
/// upper edge of their bucket (at most 12.5 % above the true value), capped
/// at the maximum.
struct latency_summary {
  std::uint64_t count = 0;
  /// Samples below zero (an origin in the future: clocks of two hosts), recorded as 0.
  std::uint64_t negative = 0;
  double mean_us = 0;
  std::uint64_t p50_us = 0;
  std::uint64_t p99_us = 0;
  std::uint64_t max_us = 0;
};

/// A log-linear histogram of latencies in µs: one bucket per µs below 16 µs,
/// then 8 buckets per power of two up to 2^41 µs (25 days), so a bucket is at
/// most 12.5 % wide. Recording is wait-free (relaxed atomics, no allocation):
/// any thread records while another reads a summary.
class latency_histogram {
public:
  static constexpr std::size_t linear_buckets = 16;
  static constexpr int sub_bucket_bits = 3;
  static constexpr int max_exponent = 40;
  static constexpr std::size_t bucket_count
    = linear_buckets + (max_exponent - 3) * (std::size_t{1} << sub_bucket_bits);

  /// Records one latency of `us` microseconds (negative counts as 0).
  void record(std::int64_t us);

  latency_summary summary() const;

  /// Forgets every sample.
  void reset();

  /// The bucket of `us`.
  static std::size_t bucket_of(std::uint64_t us);

  /// The largest value that falls into `bucket`.
  static std::uint64_t upper_edge(std::size_t bucket);

private:
  std::array<std::atomic<std::uint64_t>, bucket_count> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> negative_{0};
  std::atomic<std::uint64_t> sum_{0};
  std::atomic<std::uint64_t> max_{0};
};

} // namespace lume

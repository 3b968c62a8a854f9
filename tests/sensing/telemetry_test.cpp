#define CAF_SUITE sensing.telemetry
#include <caf/test/unit_test.hpp>

#include "system/telemetry/latency_registry.hpp"

using namespace lume;

CAF_TEST(buckets are exact below 16 us and at most 12.5 percent wide above) {
  for (std::uint64_t v = 0; v < 16; ++v)
    CAF_CHECK_EQUAL(latency_histogram::upper_edge(latency_histogram::bucket_of(v)), v);
  std::uint64_t previous_edge = 15;
  for (std::size_t b = 16; b < latency_histogram::bucket_count; ++b) {
    auto edge = latency_histogram::upper_edge(b);
    auto width = edge - previous_edge;
    CAF_CHECK_LESS_OR_EQUAL(static_cast<double>(width), 0.125 * static_cast<double>(previous_edge + 1));
    CAF_CHECK_EQUAL(latency_histogram::bucket_of(previous_edge + 1), b);
    CAF_CHECK_EQUAL(latency_histogram::bucket_of(edge), b);
    previous_edge = edge;
  }
  CAF_CHECK_EQUAL(latency_histogram::bucket_of(~std::uint64_t{0}),
                  latency_histogram::bucket_count - 1);
}

CAF_TEST(percentiles of a uniform spread land within one bucket) {
  latency_histogram h;
  for (int v = 1; v <= 1000; ++v)
    h.record(v);
  auto s = h.summary();
  CAF_CHECK_EQUAL(s.count, 1000u);
  CAF_CHECK_EQUAL(s.max_us, 1000u);
  CAF_CHECK_GREATER_OR_EQUAL(s.p50_us, 500u);
  CAF_CHECK_LESS_OR_EQUAL(s.p50_us, 563u);
  CAF_CHECK_GREATER_OR_EQUAL(s.p99_us, 990u);
  CAF_CHECK_LESS_OR_EQUAL(s.p99_us, 1000u);
  CAF_CHECK_LESS(std::abs(s.mean_us - 500.5), 1e-9);
}

CAF_TEST(a negative latency counts as zero and is flagged) {
  latency_histogram h;
  h.record(-40);
  h.record(7);
  auto s = h.summary();
  CAF_CHECK_EQUAL(s.count, 2u);
  CAF_CHECK_EQUAL(s.negative, 1u);
  CAF_CHECK_EQUAL(s.p50_us, 0u);
  CAF_CHECK_EQUAL(s.max_us, 7u);
}

CAF_TEST(the registry keeps one histogram per hop in creation order) {
  latency_registry registry;
  auto& a = registry.hop("mocopi.decode");
  auto& b = registry.hop("mapper.osc.mocopi");
  CAF_CHECK_EQUAL(&registry.hop("mocopi.decode"), &a);
  a.record(10);
  b.record(300);
  b.record(500);
  auto rows = registry.summaries();
  CAF_REQUIRE_EQUAL(rows.size(), 2u);
  CAF_CHECK_EQUAL(rows[0].first, "mocopi.decode");
  CAF_CHECK_EQUAL(rows[1].second.count, 2u);
  CAF_CHECK_EQUAL(rows[1].second.max_us, 500u);
  registry.reset();
  CAF_CHECK_EQUAL(registry.summaries()[1].second.count, 0u);
}

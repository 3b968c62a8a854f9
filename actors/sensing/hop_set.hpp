#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "system/telemetry/latency_registry.hpp"

namespace lume {

/// One measuring point of an actor, split by where the data came from:
/// records into hop `PREFIX.SOURCE` (e.g. `mapper.in.mocopi`) of the node's
/// latency registry, caching each hop after its first use. Without a
/// registry (tests that do not measure) it records nothing.
class hop_set {
public:
  hop_set() = default;
  hop_set(std::shared_ptr<latency_registry> registry, std::string prefix);

  /// Records `now_us - origin_us` (µs on the host clock) for `source`.
  void record(const std::string& source, std::int64_t origin_us, std::int64_t now_us);

private:
  std::shared_ptr<latency_registry> registry_;
  std::string prefix_;
  std::map<std::string, latency_histogram*, std::less<>> hops_;
};

/// Host time now, µs (host_now() as a number).
std::int64_t host_now_us();

} // namespace lume

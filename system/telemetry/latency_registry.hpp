#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "system/telemetry/latency_histogram.hpp"

namespace lume {

/// The latency histograms of one node, one per hop. A hop is named
/// `ACTOR.POINT[.SOURCE]` (`mocopi.decode`, `mapper.osc.mocopi`) and records
/// `host_now() - origin_us` each time a message passes that point, so the
/// hops of one path read as a cumulative latency from its sensor. Finding a
/// hop takes a mutex; recording into it does not, so callers look a hop up
/// once and keep the reference, valid as long as the registry.
class latency_registry {
public:
  /// The histogram of `hop`, created empty on first use.
  latency_histogram& hop(const std::string& name);

  /// Every hop's summary, in the order the hops were created.
  std::vector<std::pair<std::string, latency_summary>> summaries() const;

  /// Forgets every sample of every hop (the hops stay).
  void reset();

private:
  mutable std::mutex mtx_;
  std::map<std::string, std::unique_ptr<latency_histogram>> hops_;
  std::vector<std::pair<std::string, latency_histogram*>> order_;
};

} // namespace lume

#include "system/telemetry/latency_registry.hpp"

namespace lume {

latency_histogram& latency_registry::hop(const std::string& name) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto& slot = hops_[name];
  if (!slot) {
    slot = std::make_unique<latency_histogram>();
    order_.emplace_back(name, slot.get());
  }
  return *slot;
}

std::vector<std::pair<std::string, latency_summary>> latency_registry::summaries() const {
  std::vector<std::pair<std::string, latency_histogram*>> hops;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    hops = order_;
  }
  std::vector<std::pair<std::string, latency_summary>> result;
  result.reserve(hops.size());
  for (auto& [name, histogram] : hops)
    result.emplace_back(name, histogram->summary());
  return result;
}

void latency_registry::reset() {
  std::lock_guard<std::mutex> guard{mtx_};
  for (auto& entry : order_)
    entry.second->reset();
}

} // namespace lume

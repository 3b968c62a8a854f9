#include "actors/sensing/hop_set.hpp"

#include "system/clock/host_clock.hpp"

namespace lume {

hop_set::hop_set(std::shared_ptr<latency_registry> registry, std::string prefix)
  : registry_(std::move(registry)), prefix_(std::move(prefix)) {}

void hop_set::record(const std::string& source, std::int64_t origin_us, std::int64_t now_us) {
  if (!registry_)
    return;
  auto i = hops_.find(source);
  if (i == hops_.end())
    i = hops_.emplace(source, &registry_->hop(prefix_ + "." + source)).first;
  i->second->record(now_us - origin_us);
}

std::int64_t host_now_us() {
  return host_now().count();
}

} // namespace lume

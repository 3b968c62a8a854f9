#include "system/mesh/checkpoint_store.hpp"

#include <algorithm>
#include <tuple>

namespace lume {

void checkpoint_store::put(checkpoint cp) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = checkpoints_.find(cp.name);
  if (i == checkpoints_.end()) {
    auto name = cp.name;
    checkpoints_.emplace(std::move(name), std::move(cp));
    return;
  }
  if (std::tie(cp.epoch, cp.taken_us) >= std::tie(i->second.epoch, i->second.taken_us))
    i->second = std::move(cp);
}

std::optional<checkpoint> checkpoint_store::get(const std::string& name) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = checkpoints_.find(name);
  if (i == checkpoints_.end())
    return std::nullopt;
  return i->second;
}

void checkpoint_store::set_epoch(const std::string& name, uint64_t epoch) {
  std::lock_guard<std::mutex> guard{mtx_};
  epochs_[name] = epoch;
}

uint64_t checkpoint_store::epoch(const std::string& name) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = epochs_.find(name);
  return i == epochs_.end() ? 0 : i->second;
}

void checkpoint_store::supersede(const std::string& name, uint64_t epoch) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto& below = superseded_below_[name];
  below = std::max(below, epoch);
}

bool checkpoint_store::superseded(const std::string& name, uint64_t epoch) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = superseded_below_.find(name);
  return i != superseded_below_.end() && epoch < i->second;
}

} // namespace lume

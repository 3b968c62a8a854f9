#include "system/names/name_registry.hpp"

#include <caf/actor_cast.hpp>
#include <caf/make_actor.hpp>

namespace lume {

name_registry::name_registry(caf::actor_system& sys, size_t queue_bound)
  : sys_(sys), queue_bound_(queue_bound) {
}

name_entry name_registry::declare(const std::string& name, const std::string& kind,
                                  const std::string& supervisor) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (auto i = index_.find(name); i != index_.end()) {
    auto& entry = entries_[i->second];
    if (entry.kind == "unresolved" || entry.kind == "remote") {
      entry.kind = kind;
      entry.supervisor = supervisor;
    }
    return entry;
  }
  caf::actor_config cfg;
  auto handle = caf::make_actor<name_proxy, caf::actor>(
    sys_.next_actor_id(), sys_.node(), &sys_, cfg, name, queue_bound_);
  auto proxy = static_cast<name_proxy*>(caf::actor_cast<caf::abstract_actor*>(handle));
  index_.emplace(name, entries_.size());
  entries_.push_back({name, kind, supervisor, handle, proxy});
  return entries_.back();
}

caf::actor name_registry::lookup(const std::string& name) {
  if (auto entry = find(name))
    return entry->handle;
  return declare(name, "unresolved", "").handle;
}

const name_entry* name_registry::find(const std::string& name) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = index_.find(name);
  return i == index_.end() ? nullptr : &entries_[i->second];
}

std::vector<name_entry> name_registry::entries() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return {entries_.begin(), entries_.end()};
}

} // namespace lume

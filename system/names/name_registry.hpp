#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "system/names/name_proxy.hpp"

namespace lume {

/// What the registry knows of one name.
struct name_entry {
  std::string name;
  std::string kind;
  std::string supervisor;
  /// The stable handle: send here to reach the current incarnation.
  caf::actor handle;
  name_proxy* proxy = nullptr;
};

/// The names of one node. Thread-safe: supervisors bind incarnations,
/// the inspector and senders look names up.
class name_registry {
public:
  name_registry(caf::actor_system& sys, size_t queue_bound);

  /// Returns the entry of `name`, creating its proxy on first use; a name
  /// first seen as `unresolved` or `remote` takes the given kind.
  name_entry declare(const std::string& name, const std::string& kind,
                     const std::string& supervisor);

  /// The stable handle of `name`. A name this node has not heard of yet is
  /// declared as `unresolved`: it queues until the mesh learns where it lives.
  caf::actor lookup(const std::string& name);

  /// The entry of `name`, if declared.
  const name_entry* find(const std::string& name) const;

  /// All entries in declaration order.
  std::vector<name_entry> entries() const;

private:
  caf::actor_system& sys_;
  size_t queue_bound_;
  mutable std::mutex mtx_;
  std::deque<name_entry> entries_;
  std::map<std::string, size_t> index_;
};

} // namespace lume

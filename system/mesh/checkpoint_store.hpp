#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "system/mesh/mesh_messages.hpp"

namespace lume {

/// The newest checkpoint of every movable actor this node may host, and the
/// epoch the mesh gave the incarnation it starts here next. Thread-safe:
/// the mesh actor writes, spawn functions read.
class checkpoint_store {
public:
  /// Keeps `cp` if it is newer (higher epoch, then later) than the one held.
  void put(checkpoint cp);

  std::optional<checkpoint> get(const std::string& name) const;

  /// The epoch of the next incarnation of `name` on this node.
  void set_epoch(const std::string& name, uint64_t epoch);

  /// 0 when the mesh never placed `name` here.
  uint64_t epoch(const std::string& name) const;

private:
  mutable std::mutex mtx_;
  std::map<std::string, checkpoint> checkpoints_;
  std::map<std::string, uint64_t> epochs_;
};

} // namespace lume

#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "system/mesh/mesh_messages.hpp"

namespace lume {

/// The newest checkpoint of every movable actor this node may host, the
/// epoch the mesh gave the incarnation it starts here next, and which
/// incarnations are superseded. Thread-safe: the mesh actor writes, spawn
/// functions and the quantizer's threads read.
class checkpoint_store {
public:
  /// Keeps `cp` if it is newer (higher epoch, then later) than the one held.
  void put(checkpoint cp);

  std::optional<checkpoint> get(const std::string& name) const;

  /// The epoch of the next incarnation of `name` on this node.
  void set_epoch(const std::string& name, uint64_t epoch);

  /// 0 when the mesh never placed `name` here.
  uint64_t epoch(const std::string& name) const;

  /// Incarnations of `name` below `epoch` are superseded: a later one runs
  /// elsewhere, or this node lost the majority. What they asked to be sent
  /// later (the quantizer's deliveries) must not go out.
  void supersede(const std::string& name, uint64_t epoch);

  /// Whether the incarnation of `name` with `epoch` is superseded.
  bool superseded(const std::string& name, uint64_t epoch) const;

private:
  mutable std::mutex mtx_;
  std::map<std::string, checkpoint> checkpoints_;
  std::map<std::string, uint64_t> epochs_;
  std::map<std::string, uint64_t> superseded_below_;
};

} // namespace lume

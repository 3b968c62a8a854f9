#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <caf/actor.hpp>
#include <caf/execution_unit.hpp>
#include <caf/message.hpp>

#include "system/names/name_registry.hpp"

namespace lume {

/// The actors one publisher sends to, by name. Names are the stable handles:
/// a restarted subscriber keeps its name (its proxy queues while it
/// restarts), and the mesh later makes names mesh-wide behind the same
/// lookup. A name is looked up on first use and again while it is unknown,
/// so publishers may start before their subscribers. One thread publishes;
/// any thread may read the counters.
class subscriber_list {
public:
  subscriber_list(std::shared_ptr<name_registry> names, const std::vector<std::string>& subscribers);

  /// Sends `msg` to every subscriber, anonymously; `host` is the calling
  /// actor's execution unit (nullptr off the actor system's threads).
  void publish(const caf::message& msg, caf::execution_unit* host = nullptr);

  bool empty() const { return entries_.empty(); }

  /// `[{"name", "resolved", "sent", "unresolved"}]`: messages handed to each
  /// name, and messages dropped while the name was unknown.
  boost::json::array to_json() const;

private:
  struct entry {
    std::string name;
    caf::actor handle;
    std::atomic<bool> resolved{false};
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> unresolved{0};
  };

  std::shared_ptr<name_registry> names_;
  std::deque<entry> entries_;
};

} // namespace lume

#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <caf/test/dsl.hpp>

#include "system/clock/manual_clock.hpp"
#include "system/messages/type_ids.hpp"
#include "system/node/node_context.hpp"

namespace lume::test {

struct sensing_config : caf::actor_system_config {
  sensing_config() {
    add_message_types<caf::id_block::lume>();
  }
};

/// Every message a sink actor received, in order.
struct received {
  std::vector<caf::message> messages;

  /// The received messages of type T.
  template <class T>
  std::vector<T> of() const {
    std::vector<T> result;
    for (auto& msg : messages)
      if (msg.match_elements<T>())
        result.push_back(msg.get_as<T>(0));
    return result;
  }
};

/// A deterministic node for the sensing actors: a node context with names,
/// a latency registry and a manual clock (120 BPM, host time 0), and named
/// sinks that record what they receive.
struct sensing_fixture : test_coordinator_fixture<sensing_config> {
  sensing_fixture();
  ~sensing_fixture();

  /// Declares `name` and binds it to a new sink; returns what it receives.
  std::shared_ptr<received> sink(const std::string& name);

  /// Declares `name` and binds it to `actor`.
  void bind(const std::string& name, caf::actor actor);

  /// The actor's `inspect` answer, parsed; runs the scheduler.
  boost::json::object inspect(const caf::actor& actor);

  std::shared_ptr<node_context> ctx;
  std::shared_ptr<manual_clock> clock;
  std::shared_ptr<const node_context> shared() const { return ctx; }

private:
  std::vector<caf::actor> actors_;
};

} // namespace lume::test

#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/object.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "system/messages/type_ids.hpp"
#include "system/node/node_context.hpp"

namespace lume::test {

struct live_config : caf::actor_system_config {
  live_config() {
    add_message_types<caf::id_block::lume>();
  }
};

/// Styled frames a sink actor received (from the actor system's threads).
struct frame_log {
  std::mutex mutex;
  std::vector<styled_frame> frames;
  /// Host time (µs) each frame arrived.
  std::vector<int64_t> arrived_us;

  std::vector<styled_frame> copy() {
    std::lock_guard<std::mutex> guard{mutex};
    return frames;
  }
};

/// A node on CAF's threaded scheduler for tests against the real model
/// server (its answers come from the client's thread in real time): names,
/// latency registry, and a sink named "bus" that records styled frames.
struct live_fixture {
  live_fixture();
  ~live_fixture();

  /// Spawns an `inference` actor from options in config syntax.
  caf::actor spawn_inference(const std::string& options, bool movable = false);

  /// The actor's `inspect` answer (empty if it did not answer within 2 s).
  boost::json::object inspect(const caf::actor& actor);

  /// Polls `done` every 20 ms for at most `limit`; true once it holds.
  static bool eventually(const std::function<bool()>& done,
                         std::chrono::milliseconds limit = std::chrono::seconds{20});

  /// A depth frame of `side` × `side` mm readings, origin `origin_us`.
  static depth_frame depth(int64_t origin_us, uint16_t side = 64);

  live_config cfg;
  caf::actor_system sys{cfg};
  std::shared_ptr<node_context> ctx;
  std::shared_ptr<frame_log> bus = std::make_shared<frame_log>();
  std::vector<caf::actor> actors;
};

} // namespace lume::test

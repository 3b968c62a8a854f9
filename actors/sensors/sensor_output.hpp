#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "actors/sensing/subscribers.hpp"
#include "actors/sensors/lum_republisher.hpp"
#include "system/telemetry/latency_registry.hpp"

namespace lume {

struct node_context;

/// Where a sensor's input sends what it decodes: the subscribers, the
/// sensor's latency hops and, optionally, a LUM republisher.
struct sensor_output {
  /// `name` is the sensor's: the `source` of its messages, the prefix of its
  /// hops. `capture_time`: the origin of its messages is the sender's capture
  /// time (LUM streams), not the receive time.
  sensor_output(const node_context& ctx, std::string name,
                const std::vector<std::string>& subscribers, bool capture_time);

  /// Records the hops of a message leaving now: `NAME.decode` (datagram
  /// received → message sent) and, with a capture time, `NAME.capture`
  /// (origin → message sent, network transit included).
  void record(std::int64_t received_us, std::int64_t origin_us, std::int64_t now_us);

  /// `{"subscribers": [...], "republish": {...} or null}`.
  boost::json::object state() const;

  std::string name;
  subscriber_list subscribers;
  /// Keeps the hops alive as long as the receive thread may record.
  std::shared_ptr<latency_registry> latency;
  latency_histogram* decode_hop = nullptr;
  latency_histogram* capture_hop = nullptr;
  std::unique_ptr<lum_republisher> republish;
};

} // namespace lume

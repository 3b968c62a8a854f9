#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <caf/execution_unit.hpp>
#include <caf/message.hpp>

#include "actors/features/actors/feature_values.hpp"
#include "actors/sensing/hop_set.hpp"
#include "actors/sensing/subscribers.hpp"

namespace lume {

struct node_context;

/// What every feature actor shares: it publishes `feature_vector`s to its
/// subscribers and measures two hops per source sensor, `NAME.in.SOURCE`
/// (the input arrived) and `NAME.out.SOURCE` (its features left).
class feature_publisher {
public:
  feature_publisher(const node_context& ctx, const std::string& name,
                    const std::vector<std::string>& subscribers);

  /// Records that an input of `source` with `origin_us` arrived.
  void arrived(const std::string& source, std::int64_t origin_us);

  /// Sends `values` as the features of `source` at `origin_us`.
  void publish(const std::string& source, std::int64_t origin_us, feature_values values,
               caf::execution_unit* host);

  /// `{"subscribers", "published", "last": {source, origin_us, values}}`.
  boost::json::object state() const;

private:
  subscriber_list subscribers_;
  hop_set in_;
  hop_set out_;
  std::uint64_t published_ = 0;
  caf::message last_;
};

} // namespace lume

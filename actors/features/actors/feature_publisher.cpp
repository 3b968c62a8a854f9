#include "actors/features/actors/feature_publisher.hpp"

#include <boost/json.hpp>
#include <caf/make_message.hpp>

#include "system/node/node_context.hpp"

namespace lume {

feature_publisher::feature_publisher(const node_context& ctx, const std::string& name,
                                     const std::vector<std::string>& subscribers)
  : subscribers_(ctx.names, subscribers),
    in_(ctx.latency, name + ".in"),
    out_(ctx.latency, name + ".out") {}

void feature_publisher::arrived(const std::string& source, std::int64_t origin_us) {
  in_.record(source, origin_us, host_now_us());
}

void feature_publisher::publish(const std::string& source, std::int64_t origin_us,
                                feature_values values, caf::execution_unit* host) {
  last_ = caf::make_message(feature_vector{source, origin_us, std::move(values)});
  subscribers_.publish(last_, host);
  out_.record(source, origin_us, host_now_us());
  ++published_;
}

boost::json::object feature_publisher::state() const {
  boost::json::object result{{"subscribers", subscribers_.to_json()}, {"published", published_}};
  if (last_.match_elements<feature_vector>()) {
    auto& fv = last_.get_as<feature_vector>(0);
    boost::json::object values;
    for (auto& [name, value] : fv.values)
      values[name] = value;
    result["last"] = boost::json::object{{"source", fv.source},
                                         {"origin_us", fv.origin_us},
                                         {"values", std::move(values)}};
  } else {
    result["last"] = nullptr;
  }
  return result;
}

} // namespace lume

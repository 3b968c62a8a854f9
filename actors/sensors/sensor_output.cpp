#include "actors/sensors/sensor_output.hpp"

#include <boost/json.hpp>

#include "system/node/node_context.hpp"

namespace lume {

sensor_output::sensor_output(const node_context& ctx, std::string sensor_name,
                             const std::vector<std::string>& subscriber_names,
                             bool capture_time)
  : name(std::move(sensor_name)), subscribers(ctx.names, subscriber_names), latency(ctx.latency) {
  if (latency) {
    decode_hop = &latency->hop(name + ".decode");
    if (capture_time)
      capture_hop = &latency->hop(name + ".capture");
  }
}

void sensor_output::record(std::int64_t received_us, std::int64_t origin_us,
                           std::int64_t now_us) {
  if (decode_hop != nullptr)
    decode_hop->record(now_us - received_us);
  if (capture_hop != nullptr)
    capture_hop->record(now_us - origin_us);
}

boost::json::object sensor_output::state() const {
  boost::json::object result{{"subscribers", subscribers.to_json()}};
  if (republish)
    result["republish"] = republish->state();
  else
    result["republish"] = nullptr;
  return result;
}

} // namespace lume

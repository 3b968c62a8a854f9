#include "actors/sensors/phone_input.hpp"

#include <boost/json.hpp>
#include <caf/make_message.hpp>

#include "actors/sensing/hop_set.hpp"
#include "actors/sensors/counters_json.hpp"

namespace lume {

phone_input::phone_input(sensor_output out, std::vector<net::phone_osc_route> routes)
  : out_(std::move(out)), decoder_(std::move(routes)) {
  held_.source = out_.name;
}

void phone_input::on_datagram(const std::uint8_t* data, std::size_t size,
                              std::int64_t received_us) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto decoded = decoder_.decode(data, size);
  auto motion = std::get_if<net::phone_motion>(&decoded);
  if (motion == nullptr)
    return;
  if (auto& a = motion->acceleration) {
    held_.ax = a->x;
    held_.ay = a->y;
    held_.az = a->z;
  }
  if (auto& g = motion->rotation_rate) {
    held_.gx = g->x;
    held_.gy = g->y;
    held_.gz = g->z;
  }
  if (auto& q = motion->attitude) {
    held_.qx = q->x;
    held_.qy = q->y;
    held_.qz = q->z;
    held_.qw = q->w;
  }
  held_.origin_us = received_us;
  out_.subscribers.publish(caf::make_message(held_));
  out_.record(received_us, received_us, host_now_us());
  ++published_;
}

boost::json::object phone_input::state() const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto result = out_.state();
  result["decoder"] = to_json(decoder_.counters());
  result["published"] = published_;
  return result;
}

} // namespace lume

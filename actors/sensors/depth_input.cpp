#include "actors/sensors/depth_input.hpp"

#include <boost/json.hpp>
#include <caf/make_message.hpp>

#include "actors/sensing/hop_set.hpp"
#include "system/messages/messages.hpp"

namespace lume {

depth_input::depth_input(sensor_output out, net::lum_reassembly_limits limits)
  : out_(std::move(out)), reassembler_(net::lum_kind::depth, limits) {}

void depth_input::on_datagram(const std::uint8_t* data, std::size_t size,
                              std::int64_t received_us) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto pushed = reassembler_.push(data, size);
  if (pushed.outcome != net::lum_push_outcome::completed)
    return;
  auto& frame = pushed.frame;
  auto status = net::decode_depth_payload(frame.payload, frame.size, image_);
  if (status != net::payload_status::ok) {
    ++payload_refused_[static_cast<std::size_t>(status)];
    return;
  }
  depth_frame msg;
  msg.source = out_.name;
  msg.sequence = frame.sequence;
  msg.origin_us = frame.origin_time_us;
  msg.width = image_.width;
  msg.height = image_.height;
  msg.depth_mm = std::move(image_.depth_mm);
  out_.subscribers.publish(caf::make_message(std::move(msg)));
  out_.record(received_us, frame.origin_time_us, host_now_us());
  ++published_;
  if (out_.republish)
    out_.republish->send(frame.payload, frame.size, frame.origin_time_us);
}

boost::json::object depth_input::state() const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto result = out_.state();
  auto decoder = to_json(reassembler_.counters());
  decoder["payload_refused"] = to_json(payload_refused_);
  result["decoder"] = std::move(decoder);
  result["published"] = published_;
  return result;
}

} // namespace lume

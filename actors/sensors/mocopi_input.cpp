#include "actors/sensors/mocopi_input.hpp"

#include <boost/json.hpp>
#include <caf/make_message.hpp>

#include "actors/sensing/hop_set.hpp"
#include "actors/sensors/counters_json.hpp"

namespace lume {

mocopi_input::mocopi_input(sensor_output out)
  : out_(std::move(out)), lumm_(net::skeleton_payload_size(net::skeleton_max_joints)) {}

void mocopi_input::on_datagram(const std::uint8_t* data, std::size_t size,
                               std::int64_t received_us) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto event = stream_.push(data, size);
  if (event.session_restarted)
    timeline_.reset();
  if (event.kind != net::mocopi_event_kind::frame)
    return;
  if (rig_skeletons_ != stream_.counters().skeletons) {
    rig_.reset(*stream_.rig());
    rig_skeletons_ = stream_.counters().skeletons;
  }
  const auto origin_us = timeline_.to_host(
    static_cast<std::int64_t>(static_cast<double>(event.frame->time_s) * 1e6), received_us);
  skeleton_frame msg;
  msg.source = out_.name;
  msg.frame = event.frame->frame_number;
  msg.origin_us = origin_us;
  rig_.pose(*event.frame, msg.joints);
  const auto message = caf::make_message(std::move(msg));
  out_.subscribers.publish(message);
  out_.record(received_us, origin_us, host_now_us());
  ++published_;
  if (out_.republish)
    republish(message.get_as<skeleton_frame>(0));
}

void mocopi_input::republish(const skeleton_frame& frame) {
  pose_.frame_number = frame.frame;
  pose_.joints.resize(frame.joints.size());
  for (std::size_t i = 0; i < frame.joints.size(); ++i) {
    auto& j = frame.joints[i];
    pose_.joints[i] = {static_cast<std::int16_t>(j.parent), j.qx, j.qy, j.qz, j.qw,
                       j.px, j.py, j.pz};
  }
  if (auto written = net::encode_skeleton_payload(pose_, lumm_.data(), lumm_.size()))
    out_.republish->send(lumm_.data(), written.size, frame.origin_us);
}

boost::json::object mocopi_input::state() const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto result = out_.state();
  result["decoder"] = to_json(stream_.counters());
  result["published"] = published_;
  result["rig_bones"] = rig_.size();
  result["timeline"] = boost::json::object{{"reanchors", timeline_.reanchors()},
                                           {"last_step_ms", static_cast<double>(timeline_.last_step_us()) / 1e3}};
  return result;
}

} // namespace lume

#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "actors/sensors/sensor_input.hpp"
#include "actors/sensors/mocopi_rig.hpp"
#include "actors/sensors/sender_timeline.hpp"
#include "actors/sensors/sensor_output.hpp"
#include "net/lum_skeleton_payload.hpp"
#include "net/mocopi_stream.hpp"
#include "system/messages/messages.hpp"

namespace lume {

/// Decodes Sony mocopi datagrams (net/mocopi_stream) into one
/// `skeleton_frame` per accepted frame: a joint per bone of the session's
/// skeleton, in its order, with parent indices; bones a frame lacks keep
/// their rest transform. The origin is the frame's `time` mapped onto the
/// host clock (sender_timeline): the capture time without network jitter.
/// Republishes as LUMM.
class mocopi_input : public sensor_input {
public:
  explicit mocopi_input(sensor_output out);

  void on_datagram(const std::uint8_t* data, std::size_t size, std::int64_t received_us) override;

  boost::json::object state() const override;

private:
  void republish(const skeleton_frame& frame);

  mutable std::mutex mtx_;
  sensor_output out_;
  net::mocopi_stream stream_;
  sender_timeline timeline_;
  /// The rig of the newest skeleton, and how many skeletons were accepted then.
  mocopi_rig rig_;
  std::uint64_t rig_skeletons_ = 0;
  std::uint64_t published_ = 0;
  net::skeleton_payload pose_;
  std::vector<std::uint8_t> lumm_;
};

} // namespace lume

#pragma once

#include <cstdint>
#include <mutex>

#include <boost/json/object.hpp>
#include <caf/make_message.hpp>

#include "actors/sensing/hop_set.hpp"
#include "actors/sensors/counters_json.hpp"
#include "actors/sensors/sensor_input.hpp"
#include "actors/sensors/sensor_output.hpp"
#include "net/lum_reassembler.hpp"

namespace lume {

/// The input of a LUM stream (LUMD, LUMF): reassembles its datagrams
/// (net/lum_reassembler), decodes each complete frame's payload into a
/// message whose origin is the sender's capture time, publishes it and
/// republishes the payload. `Stream` names the stream's types and steps:
///
///     struct Stream {
///       using payload = ...;                  // decoded once per frame, reused
///       using message = ...;                  // with source, sequence, origin_us
///       static constexpr net::lum_kind kind = ...;
///       static net::payload_status decode(const std::uint8_t*, std::size_t, payload&);
///       static void take(payload&, message&); // the payload's fields into the message
///     };
template <class Stream>
class lum_input : public sensor_input {
public:
  using payload_type = typename Stream::payload;
  using message_type = typename Stream::message;

  lum_input(sensor_output out, net::lum_reassembly_limits limits)
    : out_(std::move(out)), reassembler_(Stream::kind, limits) {}

  void on_datagram(const std::uint8_t* data, std::size_t size, std::int64_t received_us) override {
    std::lock_guard<std::mutex> guard{mtx_};
    auto pushed = reassembler_.push(data, size);
    if (pushed.outcome != net::lum_push_outcome::completed)
      return;
    auto& frame = pushed.frame;
    auto status = Stream::decode(frame.payload, frame.size, payload_);
    if (status != net::payload_status::ok) {
      ++payload_refused_[static_cast<std::size_t>(status)];
      return;
    }
    message_type msg;
    msg.source = out_.name;
    msg.sequence = frame.sequence;
    msg.origin_us = frame.origin_time_us;
    Stream::take(payload_, msg);
    publish(std::move(msg), received_us);
    if (out_.republish)
      out_.republish->send(frame.payload, frame.size, frame.origin_time_us);
  }

  boost::json::object state() const override {
    std::lock_guard<std::mutex> guard{mtx_};
    auto result = out_.state();
    auto decoder = to_json(reassembler_.counters());
    decoder["payload_refused"] = to_json(payload_refused_);
    result["decoder"] = std::move(decoder);
    result["published"] = published_;
    return result;
  }

protected:
  /// Sends `msg` to the subscribers and records its hops; with mtx_ held.
  void publish(message_type msg, std::int64_t received_us) {
    const auto origin_us = msg.origin_us;
    out_.subscribers.publish(caf::make_message(std::move(msg)));
    out_.record(received_us, origin_us, host_now_us());
    ++published_;
  }

  mutable std::mutex mtx_;
  sensor_output out_;
  payload_type payload_;

private:
  net::lum_reassembler reassembler_;
  payload_refusals payload_refused_{};
  std::uint64_t published_ = 0;
};

} // namespace lume

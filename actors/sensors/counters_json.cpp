#include "actors/sensors/counters_json.hpp"

#include <boost/json.hpp>

namespace lume {

boost::json::object to_json(const net::mocopi_counters& c) {
  boost::json::object refused;
  auto copy = c;
  for (int r = 0; r <= static_cast<int>(net::mocopi_refusal::rig_mismatch); ++r) {
    auto reason = static_cast<net::mocopi_refusal>(r);
    refused[net::to_string(reason)] = net::counter_of(copy, reason);
  }
  return {{"datagrams", c.datagrams},
          {"skeletons", c.skeletons},
          {"frames", c.frames},
          {"refusals", net::refusals(c)},
          {"lost_frames", c.lost_frames},
          {"session_restarts", c.session_restarts},
          {"incomplete_frames", c.incomplete_frames},
          {"unusable_bones", c.unusable_bones},
          {"datagrams_with_unread_chunks", c.datagrams_with_unread_chunks},
          {"refused", std::move(refused)}};
}

boost::json::object to_json(const net::lum_reassembly_counters& c) {
  boost::json::object refused;
  auto copy = c;
  std::uint64_t total = 0;
  for (int r = 0; r <= static_cast<int>(net::lum_refusal::stale_fragment); ++r) {
    auto reason = static_cast<net::lum_refusal>(r);
    total += net::counter_of(copy, reason);
    refused[net::to_string(reason)] = net::counter_of(copy, reason);
  }
  return {{"datagrams", c.datagrams},
          {"fragments_stored", c.fragments_stored},
          {"frames_completed", c.frames_completed},
          {"frames_dropped_incomplete", c.frames_dropped_incomplete},
          {"stream_restarts", c.stream_restarts},
          {"refusals", total},
          {"refused", std::move(refused)}};
}

boost::json::object to_json(const net::phone_osc_counters& c) {
  return {{"datagrams", c.datagrams},
          {"decoded", c.decoded},
          {"unrouted_messages", c.unrouted_messages},
          {"refusals", c.not_osc + c.bad_bundle + c.no_route + c.bad_arguments},
          {"refused", boost::json::object{{"not_osc", c.not_osc},
                                          {"bad_bundle", c.bad_bundle},
                                          {"no_route", c.no_route},
                                          {"bad_arguments", c.bad_arguments}}}};
}

boost::json::object to_json(const payload_refusals& c) {
  boost::json::object result;
  for (std::size_t s = 1; s < c.size(); ++s)
    result[net::to_string(static_cast<net::payload_status>(s))] = c[s];
  return result;
}

} // namespace lume

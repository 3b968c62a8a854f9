#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

/// The `/ws/mesh` message (docs/protocols.md, "Bus"): the inspection
/// commands `nodes`, `actors`, `stats` and `latency --json` of the bus's
/// node, with each actor's messages per second.
namespace lume {

/// Each actor's `received` at the previous poll, for its rate.
struct mesh_counts {
  std::map<std::string, std::uint64_t> received;
  std::int64_t at_us = 0;
};

/// The message without `type` and `sent_us`, comparable from poll to poll:
/// `nodes` (rows without `heartbeat_age_ms`, which changes every poll),
/// `actors` (rows plus `rate`: messages received per second since the
/// previous poll, one decimal; null on the first poll of a name or when
/// its count went back, as after a move), `stats`, `latency`. A part that
/// is no array (a command that failed) is passed on as it is. Updates `counts`.
boost::json::object mesh_snapshot(const boost::json::value& nodes, const boost::json::value& actors,
                                  const boost::json::value& stats,
                                  const boost::json::value& latency, mesh_counts& counts,
                                  std::int64_t now_us);

} // namespace lume

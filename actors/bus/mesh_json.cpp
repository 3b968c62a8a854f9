#include "actors/bus/mesh_json.hpp"

#include <cmath>

namespace lume {

namespace {

boost::json::value without_heartbeat_age(const boost::json::value& nodes) {
  if (!nodes.is_array())
    return nodes;
  auto out = nodes;
  for (auto& row : out.get_array())
    if (auto* x = row.if_object())
      x->erase("heartbeat_age_ms");
  return out;
}

boost::json::value with_rates(const boost::json::value& actors, mesh_counts& counts,
                              std::int64_t now_us) {
  if (!actors.is_array())
    return actors;
  auto out = actors;
  const double seconds = counts.at_us > 0 ? (now_us - counts.at_us) / 1e6 : 0.0;
  std::map<std::string, std::uint64_t> received;
  for (auto& row : out.get_array()) {
    auto* x = row.if_object();
    if (!x)
      continue;
    auto* name = x->if_contains("name");
    auto* count = x->if_contains("received");
    boost::json::value rate;
    if (name && name->is_string() && count && (count->is_uint64() || count->is_int64())) {
      const std::string key{name->get_string()};
      const auto n = count->to_number<std::uint64_t>();
      received[key] = n;
      auto before = counts.received.find(key);
      if (before != counts.received.end() && before->second <= n && seconds > 0)
        rate = std::round((n - before->second) / seconds * 10) / 10;
    }
    (*x)["rate"] = rate;
  }
  counts.received = std::move(received);
  counts.at_us = now_us;
  return out;
}

} // namespace

boost::json::object mesh_snapshot(const boost::json::value& nodes, const boost::json::value& actors,
                                  const boost::json::value& stats,
                                  const boost::json::value& latency, mesh_counts& counts,
                                  std::int64_t now_us) {
  return {{"nodes", without_heartbeat_age(nodes)},
          {"actors", with_rates(actors, counts, now_us)},
          {"stats", stats},
          {"latency", latency}};
}

} // namespace lume

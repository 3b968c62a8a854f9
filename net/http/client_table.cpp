#include "net/http/client_table.hpp"

namespace lume::net::http {

client_table::entry& client_table::at(const std::string& address, clock::time_point now) {
  auto i = entries_.find(address);
  if (i == entries_.end())
    i = entries_.emplace(address, entry{0, token_bucket{settings_.rate, settings_.burst, now}}).first;
  return i->second;
}

client_table::verdict client_table::connect(const std::string& address, clock::time_point now) {
  auto& e = at(address, now);
  if (e.connections >= settings_.per_address)
    return verdict::too_many_connections;
  if (e.bucket.empty(now))
    return verdict::rate_limited;
  ++e.connections;
  return verdict::ok;
}

void client_table::disconnect(const std::string& address) {
  auto i = entries_.find(address);
  if (i != entries_.end() && i->second.connections > 0)
    --i->second.connections;
}

bool client_table::request(const std::string& address, clock::time_point now) {
  return at(address, now).bucket.take(now);
}

bool client_table::should_warn(const std::string& address, clock::time_point now,
                               std::uint64_t& suppressed) {
  auto& e = at(address, now);
  if (e.warned && now - e.last_warned < settings_.warn_interval) {
    ++e.suppressed;
    return false;
  }
  suppressed = e.suppressed;
  e.suppressed = 0;
  e.warned = true;
  e.last_warned = now;
  return true;
}

void client_table::prune(clock::time_point now) {
  for (auto i = entries_.begin(); i != entries_.end();) {
    auto& e = i->second;
    const bool quiet = !e.warned || now - e.last_warned >= settings_.warn_interval;
    if (e.connections == 0 && quiet && e.bucket.full(now))
      i = entries_.erase(i);
    else
      ++i;
  }
}

} // namespace lume::net::http

#include "system/inspect/connection_guard.hpp"

namespace lume {

const char* to_string(command_refusal x) {
  switch (x) {
    case command_refusal::unauthorized: return "unauthorized";
    case command_refusal::read_only: return "read_only";
    case command_refusal::bad_token: return "bad_token";
  }
  return "?";
}

const char* to_string(cut_reason x) {
  switch (x) {
    case cut_reason::connections: return "connections";
    case cut_reason::connections_per_address: return "connections_per_address";
    case cut_reason::line_too_long: return "line_too_long";
    case cut_reason::rate: return "rate";
    case cut_reason::queued: return "queued";
    case cut_reason::slow_line: return "slow_line";
    case cut_reason::output: return "output";
    case cut_reason::bad_tokens: return "bad_tokens";
  }
  return "?";
}

boost::json::object inspection_counters::to_json() const {
  boost::json::object refusals;
  for (size_t i = 0; i < refusal_count; ++i)
    refusals[to_string(static_cast<command_refusal>(i))] = refused[i].load(std::memory_order_relaxed);
  boost::json::object cuts;
  for (size_t i = 0; i < cut_reason_count; ++i)
    cuts[to_string(static_cast<cut_reason>(i))] = cut[i].load(std::memory_order_relaxed);
  return {{"accepted", accepted.load(std::memory_order_relaxed)},
          {"open", open.load(std::memory_order_relaxed)},
          {"commands", commands.load(std::memory_order_relaxed)},
          {"authorized", authorized.load(std::memory_order_relaxed)},
          {"refused", std::move(refusals)},
          {"refused_connections", std::move(cuts)}};
}

boost::json::object inspection_status::to_json() const {
  auto x = counters.to_json();
  x["address"] = address;
  x["port"] = port;
  x["read_address"] = read_port == 0 ? boost::json::value(nullptr) : boost::json::value(read_address);
  x["read_port"] = read_port;
  x["writes"] = writes;
  if (!writes_error.empty())
    x["writes_error"] = writes_error;
  if (!limits.token_file.empty())
    x["token_file"] = limits.token_file;
  auto ms = [](caf::timespan t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t).count();
  };
  x["limits"] = boost::json::object{
    {"max_line", limits.max_line},
    {"max_connections", limits.max_connections},
    {"max_connections_per_address", limits.max_connections_per_address},
    {"rate", limits.rate},
    {"burst", limits.burst},
    {"max_queued", limits.max_queued},
    {"line_timeout_ms", ms(limits.line_timeout)},
    {"max_output", limits.max_output},
    {"max_bad_tokens", limits.max_bad_tokens},
    {"warn_interval_ms", ms(limits.warn_interval)}};
  return x;
}

std::optional<cut_reason> connection_admission::admit(const std::string& address) {
  if (total_ >= max_total_)
    return cut_reason::connections;
  auto& n = per_address_[address];
  if (n >= max_per_address_) {
    if (n == 0)
      per_address_.erase(address);
    return cut_reason::connections_per_address;
  }
  ++n;
  ++total_;
  return std::nullopt;
}

void connection_admission::release(const std::string& address) {
  auto i = per_address_.find(address);
  if (i == per_address_.end())
    return;
  --total_;
  if (--i->second == 0)
    per_address_.erase(i);
}

bool warning_throttle::allow(const std::string& address, clock::time_point now,
                             uint64_t& suppressed) {
  auto [i, added] = entries_.try_emplace(address, entry{now, 0});
  if (!added && now - i->second.last < interval_) {
    ++i->second.suppressed;
    return false;
  }
  suppressed = added ? 0 : i->second.suppressed;
  i->second = entry{now, 0};
  return true;
}

void warning_throttle::prune(clock::time_point now) {
  for (auto i = entries_.begin(); i != entries_.end();)
    if (now - i->second.last >= interval_ && i->second.suppressed == 0)
      i = entries_.erase(i);
    else
      ++i;
}

} // namespace lume

#include "actors/inference/circuit_breaker.hpp"

namespace lume {

std::string to_string(breaker_state x) {
  switch (x) {
    case breaker_state::closed:
      return "closed";
    case breaker_state::open:
      return "open";
    case breaker_state::half_open:
      return "half-open";
  }
  return "?";
}

bool circuit_breaker::admit(time_point now) {
  if (state_ == breaker_state::open && now >= opened_at_ + settings_.open_for) {
    state_ = breaker_state::half_open;
    probing_ = false;
  }
  switch (state_) {
    case breaker_state::closed:
      return true;
    case breaker_state::open:
      return false;
    case breaker_state::half_open:
      if (probing_)
        return false;
      probing_ = true;
      return true;
  }
  return false;
}

std::optional<circuit_breaker::time_point> circuit_breaker::retry_at() const {
  if (state_ != breaker_state::open)
    return std::nullopt;
  return opened_at_ + settings_.open_for;
}

std::optional<breaker_state> circuit_breaker::success(time_point) {
  recent_.clear();
  probing_ = false;
  if (state_ == breaker_state::closed)
    return std::nullopt;
  state_ = breaker_state::closed;
  return state_;
}

std::optional<breaker_state> circuit_breaker::failure(time_point now) {
  while (!recent_.empty() && recent_.front() + settings_.window <= now)
    recent_.pop_front();
  recent_.push_back(now);
  if (state_ == breaker_state::half_open) {
    open(now);
    return state_;
  }
  if (state_ == breaker_state::closed && recent_.size() >= settings_.failures) {
    open(now);
    return state_;
  }
  return std::nullopt;
}

void circuit_breaker::open(time_point now) {
  state_ = breaker_state::open;
  opened_at_ = now;
  probing_ = false;
  ++opened_;
}

} // namespace lume

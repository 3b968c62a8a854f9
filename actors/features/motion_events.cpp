#include "actors/features/motion_events.hpp"

#include <algorithm>
#include <cmath>

namespace lume::features {

float floor_estimator::update(float lowest_foot_y_m, float dt_s) {
  if (!initialized_ || lowest_foot_y_m < floor_) {
    floor_ = lowest_foot_y_m;
    initialized_ = true;
  } else {
    floor_ += std::min(lowest_foot_y_m - floor_, rise_rate_ * dt_s);
  }
  return floor_;
}

const jump_state& jump_detector::update(float root_height_m,
                                        float vertical_velocity_m_per_s,
                                        float feet_height_m, float dt_s) {
  if (!initialized_) {
    baseline_m_ = root_height_m;
    initialized_ = true;
  }
  state_.jump_started = false;
  state_.vertical_velocity_m_per_s = vertical_velocity_m_per_s;
  float above = root_height_m - baseline_m_;
  if (state_.jumping) {
    airborne_s_ += dt_s;
    if (above < cfg_.exit_height_m || airborne_s_ > cfg_.max_airborne_s) {
      state_.jumping = false;
      if (airborne_s_ > cfg_.max_airborne_s) {
        baseline_m_ = root_height_m;
        above = 0.f;
      }
    }
  } else if (above > cfg_.enter_height_m
             && vertical_velocity_m_per_s > cfg_.enter_velocity_m_per_s
             && feet_height_m > cfg_.feet_clearance_m) {
    state_.jumping = true;
    state_.jump_started = true;
    ++state_.jump_count;
    airborne_s_ = 0.f;
  }
  if (!state_.jumping && dt_s > 0.f) {
    const float alpha = 1.f - std::exp(-dt_s / cfg_.baseline_time_constant_s);
    baseline_m_ += alpha * (root_height_m - baseline_m_);
  }
  state_.height_above_baseline_m = above;
  return state_;
}

const stillness_state& stillness_detector::update(float energy_j, float dt_s) {
  if (energy_j < cfg_.energy_threshold_j)
    state_.below_threshold_s += dt_s;
  else
    state_.below_threshold_s = 0.f;
  state_.still = state_.below_threshold_s >= cfg_.hold_s;
  return state_;
}

} // namespace lume::features

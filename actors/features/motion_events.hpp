#pragma once

#include <cstdint>

namespace lume::features {

/// Tracks the floor height as the lowest foot/toe joint seen: drops at once
/// to any lower value, rises at most `rise_rate_m_per_s` (so a jump barely
/// moves it). Heights are joint heights, not the sole of the foot.
class floor_estimator {
public:
  explicit floor_estimator(float rise_rate_m_per_s) : rise_rate_(rise_rate_m_per_s) {}

  /// @param lowest_foot_y_m lowest foot/toe joint height this frame, metres.
  /// @param dt_s time since the previous frame, seconds (0 on the first).
  /// @returns the floor height in metres.
  float update(float lowest_foot_y_m, float dt_s);

  void reset() { initialized_ = false; }

private:
  float rise_rate_;
  float floor_ = 0.f;
  bool initialized_ = false;
};

/// Jump detector thresholds.
struct jump_config {
  /// Root height above the standing baseline needed to enter a jump, metres.
  float enter_height_m = 0.06f;
  /// Root height above baseline below which the jump ends (hysteresis), metres.
  float exit_height_m = 0.02f;
  /// Upward root velocity needed to enter a jump, m/s.
  float enter_velocity_m_per_s = 0.4f;
  /// Lowest foot joint must be this far above the floor estimate to enter, metres.
  float feet_clearance_m = 0.03f;
  /// Time constant of the standing-baseline average (updated only on the ground), s.
  float baseline_time_constant_s = 1.0f;
  /// A "jump" lasting longer than this is a step onto something: end it, s.
  float max_airborne_s = 1.5f;
};

/// Jump detector output for one frame.
struct jump_state {
  /// True while airborne.
  bool jumping = false;
  /// True only on the frame a jump begins.
  bool jump_started = false;
  /// Jumps detected since construction.
  std::uint32_t jump_count = 0;
  /// Root height above the standing baseline, metres.
  float height_above_baseline_m = 0.f;
  /// Root vertical velocity, m/s (up positive).
  float vertical_velocity_m_per_s = 0.f;
};

/// Detects jumps from the root height above the floor against a slowly
/// adapting standing baseline, with enter/exit hysteresis.
class jump_detector {
public:
  explicit jump_detector(const jump_config& cfg) : cfg_(cfg) {}

  /// @param root_height_m root height above the floor estimate, metres.
  /// @param vertical_velocity_m_per_s root vertical velocity, m/s.
  /// @param feet_height_m lowest foot joint height above the floor, metres.
  /// @param dt_s time since the previous frame, seconds (0 on the first).
  const jump_state& update(float root_height_m, float vertical_velocity_m_per_s,
                           float feet_height_m, float dt_s);

private:
  jump_config cfg_;
  jump_state state_;
  float baseline_m_ = 0.f;
  float airborne_s_ = 0.f;
  bool initialized_ = false;
};

/// Stillness: kinetic energy below a threshold for a hold time.
struct stillness_config {
  /// Energy below which the body counts as still, joules.
  float energy_threshold_j = 0.5f;
  /// How long the energy must stay below the threshold, seconds.
  float hold_s = 1.0f;
};

/// Stillness detector output.
struct stillness_state {
  /// True once the energy has stayed below the threshold for the hold time.
  bool still = false;
  /// Time the energy has been continuously below the threshold, seconds.
  float below_threshold_s = 0.f;
};

/// Detects stillness: kinetic energy below a threshold for a hold time.
class stillness_detector {
public:
  explicit stillness_detector(const stillness_config& cfg) : cfg_(cfg) {}

  /// @param energy_j kinetic energy this frame, joules.
  /// @param dt_s time since the previous frame, seconds.
  const stillness_state& update(float energy_j, float dt_s);

  void reset() { state_ = {}; }

private:
  stillness_config cfg_;
  stillness_state state_;
};

} // namespace lume::features

#define CAF_SUITE features.motion
#include <caf/test/unit_test.hpp>

#include "actors/features/motion_features.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

using namespace lume::features;

namespace {

constexpr float deg = 3.14159265f / 180.f;

void set_rotation(skeleton_frame& f, int bone_index, quat q) {
  f.bones[std::size_t(bone_index)].rot = {q.x, q.y, q.z, q.w};
}

void move_root(skeleton_frame& f, vec3 delta) {
  auto& p = f.bones[root].pos;
  p = {p[0] + delta.x, p[1] + delta.y, p[2] + delta.z};
}

bool near(vec3 a, vec3 b, float tolerance) { return length(a - b) < tolerance; }

} // namespace

CAF_TEST(forward kinematics places the hands of a T pose) {
  world_pose pose;
  auto frame = mocopi_t_pose();
  CAF_REQUIRE(forward_kinematics(frame, pose));
  CAF_CHECK(near(pose.position[l_hand], {0.68f, 1.40f, 0.f}, 1e-5f));
  CAF_CHECK(near(pose.position[r_hand], {-0.68f, 1.40f, 0.f}, 1e-5f));
  CAF_CHECK(near(pose.position[l_toes], {0.09f, 0.02f, 0.12f}, 1e-5f));
  set_rotation(frame, root, axis_angle({0.f, 1.f, 0.f}, 90.f * deg));
  CAF_REQUIRE(forward_kinematics(frame, pose));
  CAF_CHECK(near(pose.position[l_hand], {0.f, 1.40f, -0.68f}, 1e-5f));
}

CAF_TEST(forward kinematics rejects cycles and bad parents) {
  world_pose pose;
  auto frame = mocopi_t_pose();
  frame.bones[torso_1].parent = torso_2;
  CAF_CHECK(!forward_kinematics(frame, pose));
  frame = mocopi_t_pose();
  frame.bones[head].parent = 27;
  CAF_CHECK(!forward_kinematics(frame, pose));
}

CAF_TEST(chest bent forward by thirty degrees reads thirty degrees) {
  motion_features features;
  auto frame = mocopi_t_pose();
  set_rotation(frame, root, axis_angle({0.f, 1.f, 0.f}, 70.f * deg));
  for (int b = torso_1; b <= torso_6; ++b)
    set_rotation(frame, b, axis_angle({1.f, 0.f, 0.f}, 5.f * deg));
  CAF_CHECK_LESS(std::abs(features.process(frame).chest_flex_deg - 30.f), 2.f);
  for (int b = torso_1; b <= torso_6; ++b)
    set_rotation(frame, b, axis_angle({1.f, 0.f, 0.f}, -4.f * deg));
  frame.timestamp_us += 20000;
  CAF_CHECK_LESS(std::abs(features.process(frame).chest_flex_deg + 24.f), 2.f);
}

CAF_TEST(chest flex ignores pelvis tilt and side bends) {
  motion_features features;
  auto frame = mocopi_t_pose();
  set_rotation(frame, root, axis_angle({1.f, 0.f, 0.f}, 15.f * deg));
  CAF_CHECK_LESS(std::abs(features.process(frame).chest_flex_deg), 0.5f);
  set_rotation(frame, torso_3, axis_angle({0.f, 0.f, 1.f}, 25.f * deg));
  frame.timestamp_us += 20000;
  CAF_CHECK_LESS(std::abs(features.process(frame).chest_flex_deg), 0.5f);
}

CAF_TEST(constant velocity over irregular timestamps gives zero acceleration) {
  motion_features features;
  const vec3 v{0.5f, 0.1f, -0.3f};
  const std::vector<std::int64_t> steps_us{16667, 20000, 12000, 25000, 16000, 33000, 8000};
  auto frame = mocopi_t_pose();
  const auto& first = features.process(frame);
  CAF_CHECK(first.accepted);
  CAF_CHECK(!first.velocity_valid);
  CAF_CHECK_EQUAL(first.kinetic_energy_j, 0.f);
  for (std::size_t i = 0; i < steps_us.size(); ++i) {
    frame.timestamp_us += steps_us[i];
    move_root(frame, v * (float(steps_us[i]) * 1e-6f));
    const auto& r = features.process(frame);
    CAF_CHECK(r.velocity_valid);
    CAF_CHECK_EQUAL(r.acceleration_valid, i >= 1);
    for (std::size_t b = 0; b < bone_count; ++b) {
      CAF_CHECK(near(r.velocity[b], v, 2e-3f));
      CAF_CHECK(near(r.acceleration[b], {}, 0.5f));
    }
    CAF_CHECK_LESS(std::abs(r.kinetic_energy_j - 0.5f * 70.f * dot(v, v)), 0.05f);
  }
}

CAF_TEST(constant acceleration over irregular timestamps is measured) {
  motion_features features;
  const vec3 a{0.f, -9.81f, 2.f};
  const std::vector<std::int64_t> steps_us{20000, 10000, 30000, 15000, 20000};
  auto frame = mocopi_t_pose();
  const auto start = frame.bones[root].pos;
  features.process(frame);
  double t = 0.0;
  for (std::size_t i = 0; i < steps_us.size(); ++i) {
    frame.timestamp_us += steps_us[i];
    t += double(steps_us[i]) * 1e-6;
    const float half_t2 = float(0.5 * t * t);
    frame.bones[root].pos = {start[0] + a.x * half_t2, start[1] + a.y * half_t2,
                             start[2] + a.z * half_t2};
    const auto& r = features.process(frame);
    if (r.acceleration_valid)
      CAF_CHECK(near(r.acceleration[head], a, 0.05f));
  }
}

CAF_TEST(frames with stale timestamps are ignored) {
  motion_features features;
  auto frame = mocopi_t_pose(1000000);
  features.process(frame);
  frame.timestamp_us += 20000;
  move_root(frame, {0.02f, 0.f, 0.f});
  const float vx = features.process(frame).velocity[root].x;
  CAF_CHECK_LESS(std::abs(vx - 1.f), 1e-3f);
  move_root(frame, {0.5f, 0.f, 0.f});
  const auto& stale = features.process(frame);
  CAF_CHECK(!stale.accepted);
  CAF_CHECK_EQUAL(stale.velocity[root].x, vx);
}

CAF_TEST(a long gap restarts the finite differences) {
  motion_features features;
  auto frame = mocopi_t_pose();
  features.process(frame);
  frame.timestamp_us += 20000;
  move_root(frame, {0.02f, 0.f, 0.f});
  CAF_CHECK(features.process(frame).velocity_valid);
  frame.timestamp_us += 2000000;
  move_root(frame, {1.f, 0.f, 0.f});
  const auto& r = features.process(frame);
  CAF_CHECK(r.accepted);
  CAF_CHECK(!r.velocity_valid);
  CAF_CHECK_EQUAL(r.velocity[root].x, 0.f);
  CAF_CHECK_EQUAL(r.kinetic_energy_j, 0.f);
}

CAF_TEST(hand heights follow the arms) {
  motion_features features;
  auto frame = mocopi_t_pose();
  const auto& r = features.process(frame);
  CAF_CHECK_LESS(std::abs(r.left_hand_above_root_m - 0.45f), 1e-4f);
  CAF_CHECK_LESS(std::abs(r.left_hand_above_floor_m - 1.38f), 1e-4f);
  CAF_CHECK_LESS(std::abs(r.floor_height_m - 0.02f), 1e-4f);
  set_rotation(frame, l_up_arm, axis_angle({0.f, 0.f, 1.f}, 90.f * deg));
  frame.timestamp_us += 20000;
  const auto& raised = features.process(frame);
  CAF_CHECK_LESS(std::abs(raised.left_hand_above_root_m - 0.98f), 1e-4f);
  CAF_CHECK_LESS(std::abs(raised.right_hand_above_root_m - 0.45f), 1e-4f);
  CAF_CHECK_LESS(std::abs(raised.left_hand_above_floor_m - 1.91f), 1e-4f);
}

CAF_TEST(a jump is detected exactly once) {
  motion_features features;
  auto frame = mocopi_t_pose();
  const auto base = frame.bones[root].pos;
  const std::int64_t step_us = 20000;
  const float v0 = 2.2f;
  const float g = 9.81f;
  const float takeoff_s = 2.f;
  const float airtime_s = 2.f * v0 / g;
  int starts = 0;
  int airborne_frames = 0;
  for (int i = 0; i < 250; ++i) {
    const float t = float(i) * float(step_us) * 1e-6f;
    const float jitter = 0.002f * float((i * 7919) % 5 - 2) / 2.f;
    float lift = 0.f;
    if (t > takeoff_s && t < takeoff_s + airtime_s) {
      const float ta = t - takeoff_s;
      lift = v0 * ta - 0.5f * g * ta * ta;
    }
    frame.timestamp_us = i * step_us;
    frame.bones[root].pos = {base[0], base[1] + lift + jitter, base[2]};
    const auto& r = features.process(frame);
    if (r.jump.jump_started) {
      ++starts;
      CAF_CHECK_GREATER(t, takeoff_s);
      CAF_CHECK_LESS(t, takeoff_s + 0.5f * airtime_s);
    }
    airborne_frames += r.jump.jumping ? 1 : 0;
  }
  CAF_CHECK_EQUAL(starts, 1);
  CAF_CHECK_EQUAL(features.process(frame).jump.jump_count, 1u);
  CAF_CHECK_GREATER(airborne_frames, 10);
  CAF_CHECK_LESS(airborne_frames, int(airtime_s / 0.02f) + 1);
}

CAF_TEST(a still skeleton becomes still after the hold time) {
  motion_config cfg;
  cfg.stillness.hold_s = 1.f;
  motion_features features(cfg);
  auto frame = mocopi_t_pose();
  const std::int64_t step_us = 16667;
  for (int i = 0; i <= 90; ++i) {
    frame.timestamp_us = i * step_us;
    const auto& r = features.process(frame);
    const float elapsed = float(i * step_us) * 1e-6f;
    if (elapsed < 0.98f)
      CAF_CHECK(!r.stillness.still);
    if (elapsed > 1.02f)
      CAF_CHECK(r.stillness.still);
    CAF_CHECK_EQUAL(r.jump.jump_count, 0u);
  }
  for (int i = 91; i < 100; ++i) {
    frame.timestamp_us = i * step_us;
    set_rotation(frame, l_up_arm, axis_angle({0.f, 0.f, 1.f}, float(i - 90) * 10.f * deg));
    const auto& r = features.process(frame);
    CAF_CHECK_GREATER(r.kinetic_energy_j, cfg.stillness.energy_threshold_j);
    CAF_CHECK(!r.stillness.still);
  }
}

#pragma once

#include <cmath>

namespace lume::features {

/// A 3-vector of floats (units depend on use: metres, m/s, m/s^2, ...).
struct vec3 {
  float x = 0.f;
  float y = 0.f;
  float z = 0.f;
};

constexpr vec3 operator+(vec3 a, vec3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
constexpr vec3 operator-(vec3 a, vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
constexpr vec3 operator*(vec3 a, float s) { return {a.x * s, a.y * s, a.z * s}; }
constexpr vec3 operator*(float s, vec3 a) { return a * s; }
constexpr float dot(vec3 a, vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
constexpr vec3 cross(vec3 a, vec3 b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
inline float length(vec3 a) { return std::sqrt(dot(a, a)); }

/// A rotation quaternion, components x, y, z, w (w is the scalar part).
struct quat {
  float x = 0.f;
  float y = 0.f;
  float z = 0.f;
  float w = 1.f;
};

/// Hamilton product: applying the result rotates by `b` first, then by `a`.
constexpr quat operator*(quat a, quat b) {
  return {a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
          a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
          a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
          a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z};
}

/// Returns `q` scaled to unit length; the identity if `q` is (near) zero.
inline quat normalized(quat q) {
  const float n = std::sqrt(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w);
  if (n < 1e-12f)
    return {};
  const float inv = 1.f / n;
  return {q.x * inv, q.y * inv, q.z * inv, q.w * inv};
}

/// Rotates `v` by the unit quaternion `q`.
constexpr vec3 rotate(quat q, vec3 v) {
  const vec3 u{q.x, q.y, q.z};
  const vec3 t = 2.f * cross(u, v);
  return v + q.w * t + cross(u, t);
}

/// The rotation of `angle_rad` radians about the unit vector `axis`.
inline quat axis_angle(vec3 axis, float angle_rad) {
  const float s = std::sin(0.5f * angle_rad);
  return {axis.x * s, axis.y * s, axis.z * s, std::cos(0.5f * angle_rad)};
}

} // namespace lume::features

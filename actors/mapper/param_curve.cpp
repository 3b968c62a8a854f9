#include "actors/mapper/param_curve.hpp"

#include <algorithm>
#include <cmath>

namespace lume {

std::optional<curve_kind> parse_curve(const std::string& name) {
  for (auto kind : {curve_kind::linear, curve_kind::exp, curve_kind::log, curve_kind::smoothstep})
    if (name == to_string(kind))
      return kind;
  return std::nullopt;
}

const char* to_string(curve_kind kind) {
  switch (kind) {
    case curve_kind::linear: return "linear";
    case curve_kind::exp: return "exp";
    case curve_kind::log: return "log";
    case curve_kind::smoothstep: return "smoothstep";
  }
  return "linear";
}

double apply_curve(curve_kind kind, double t, double k) {
  t = std::clamp(t, 0.0, 1.0);
  switch (kind) {
    case curve_kind::linear: return t;
    case curve_kind::exp: return std::expm1(k * t) / std::expm1(k);
    case curve_kind::log: return std::log1p(std::expm1(k) * t) / k;
    case curve_kind::smoothstep: return t * t * (3 - 2 * t);
  }
  return t;
}

double smooth_towards(double current, double target, double dt_s, double tau_s) {
  if (tau_s <= 0 || dt_s <= 0)
    return tau_s <= 0 ? target : current;
  return target + (current - target) * std::exp(-dt_s / tau_s);
}

} // namespace lume

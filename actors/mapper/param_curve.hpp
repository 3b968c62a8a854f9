#pragma once

#include <optional>
#include <string>

namespace lume {

/// How a parameter follows its feature within the input range.
enum class curve_kind { linear, exp, log, smoothstep };

/// `linear`, `exp`, `log`, `smoothstep`.
std::optional<curve_kind> parse_curve(const std::string& name);
const char* to_string(curve_kind kind);

/// The curve at `t` in [0, 1] (clamped), from 0 at t = 0 to 1 at t = 1:
///   linear      t
///   exp         (e^(k t) - 1) / (e^k - 1)   slow start, fast end
///   log         ln(1 + (e^k - 1) t) / k     fast start, slow end (exp's inverse)
///   smoothstep  t² (3 - 2t)                 flat at both ends
/// `k` (> 0) is the steepness of exp and log.
double apply_curve(curve_kind kind, double t, double k);

/// One-pole smoothing: `current` moved towards `target` over `dt_s` seconds
/// with time constant `tau_s` (0: jump to the target).
double smooth_towards(double current, double target, double dt_s, double tau_s);

} // namespace lume

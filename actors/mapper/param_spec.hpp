#pragma once

#include <string>
#include <variant>
#include <vector>

#include <caf/settings.hpp>

#include "actors/mapper/param_curve.hpp"

namespace lume {

/// How one music parameter follows one feature.
struct param_spec {
  std::string name;    ///< the OSC address is /lume/param/<name>
  std::string feature; ///< feature_vector value it follows, e.g. "motion.energy_j"
  double in_low = 0, in_high = 1;   ///< feature range (may be descending)
  double out_low = 0, out_high = 1; ///< parameter range (may be descending)
  curve_kind curve = curve_kind::linear;
  double steepness = 4;   ///< k of the exp and log curves
  double smoothing_s = 0; ///< time constant of the one-pole smoothing, seconds
};

/// The parameter value for feature value `x`: `x` placed in the input
/// range (clamped), shaped by the curve, scaled to the output range.
double map_feature(const param_spec& spec, double x);

/// Reads the mapper's `params` option: one entry per parameter,
/// `NAME = { feature = "...", in = [lo, hi], out = [lo, hi], curve = "linear",
/// steepness = 4.0, smoothing = 100ms }` (all but `feature` optional:
/// in and out default to [0, 1]). An error text names the parameter and key.
std::variant<std::vector<param_spec>, std::string> read_param_specs(const caf::settings& params);

} // namespace lume

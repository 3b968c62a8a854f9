#pragma once

#include <optional>
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
  /// A neutral feature's centre within the input range (auto or calibrated):
  /// [in_low, centre] maps to the lower half of the curve, [centre, in_high]
  /// to the upper half.
  std::optional<double> in_centre;
  double out_low = 0, out_high = 1; ///< parameter range (may be descending)
  curve_kind curve = curve_kind::linear;
  double steepness = 4;   ///< k of the exp and log curves
  double smoothing_s = 0; ///< time constant of the one-pole smoothing, seconds
  /// `in = "auto"`: the input range follows the feature's running
  /// percentiles (adaptive_range) instead of [in_low, in_high].
  bool adaptive = false;
  /// The smallest input span an adaptive or calibrated range stretches to
  /// the full output range (feature units; 0: none), so that a still
  /// performer's noise stays near the low end (or the neutral centre).
  double min_span = 0;
  /// The feature has a neutral value (e.g. chest flex): adaptive and
  /// calibrated ranges centre on its median (in_centre).
  bool neutral = false;
};

/// A config value that is a number (integer or floating point).
std::optional<double> config_number(const caf::config_value& x);

/// The parameter value for feature value `x`: `x` placed in the input
/// range (clamped; each side of `in_centre` on its own half), shaped by the
/// curve, scaled to the output range.
double map_feature(const param_spec& spec, double x);

/// Reads the mapper's `params` option: one entry per parameter,
/// `NAME = { feature = "...", in = [lo, hi], out = [lo, hi], curve = "linear",
/// steepness = 4.0, smoothing = 100ms, min-span = 0.2, neutral = false }`
/// (all but `feature` optional: in and out default to [0, 1]); `in = "auto"`
/// takes a `min-span` > 0. An error text names the parameter and key.
std::variant<std::vector<param_spec>, std::string> read_param_specs(const caf::settings& params);

} // namespace lume

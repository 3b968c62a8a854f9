#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

#include "actors/mapper/param_spec.hpp"
#include "actors/mapper/percentile_range.hpp"

namespace lume {

/// One parameter's input range as a calibration measured it.
struct calibrated_range {
  std::string feature;
  double low = 0, high = 1;
  /// A neutral feature's median: each side of it maps to half the output.
  std::optional<double> centre;
  percentiles seen;
  std::uint64_t samples = 0;
};

/// A performer's calibration: what `calibrate` measured, saved per
/// performer and loaded at start. Its file is one JSON object:
///
///   { "format": "lume-calibration", "version": 1,
///     "performer": "ana", "when": "2026-12-04T08:15:02Z", "seconds": 20,
///     "percentiles": [0.05, 0.95],
///     "params": { "tension": { "feature": "motion.chest_flex_deg",
///                              "in": [12.6, 28.0], "centre": 23.0, "p_low": 12.6,
///                              "median": 23.0, "p_high": 26.1, "samples": 1000 }, ... },
///     "unchanged": { "pan": "no depth.centroid_x arrived" } }
///
/// `params` sets each parameter's `in` (and `centre`, for a neutral
/// feature); `unchanged` names what it left as it was, and why.
struct calibration {
  std::string performer;
  std::string when;
  double seconds = 0;
  percentile_choice choice;
  std::map<std::string, calibrated_range> params;
  std::map<std::string, std::string> unchanged;
};

/// Makes a calibration from what each feature did during `seconds`: every
/// param with a `min-span` whose feature arrived gets the range of its
/// percentiles (at least `min-span` wide, centred on the median if
/// `neutral`: range_of). The others are `unchanged` with the reason: a param
/// without `min-span` keeps its configured range, so a feature that hardly
/// moved during the calibration cannot stretch its noise to full scale.
calibration make_calibration(const std::vector<param_spec>& params,
                             const std::map<std::string, std::vector<double>>& samples,
                             percentile_choice choice, std::string performer, std::string when,
                             double seconds);

boost::json::value to_json(const calibration& x);

/// Reads a calibration; an error text names what is wrong.
std::variant<calibration, std::string> calibration_from_json(const boost::json::value& x);

/// Writes the calibration to `path` (through a temporary file and a rename,
/// so a reader never sees half of it); an error text on failure.
std::optional<std::string> save_calibration(const calibration& x, const std::string& path);

/// Reads the calibration at `path`: nullopt if there is no such file, an
/// error text naming the file if it cannot be read or is no calibration.
std::variant<std::optional<calibration>, std::string> load_calibration(const std::string& path);

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
std::string utc_now_text();

} // namespace lume

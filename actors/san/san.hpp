#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/san/dtw.hpp"
#include "actors/san/peak_predictor.hpp"
#include "actors/sensing/hop_set.hpp"
#include "actors/sensing/protocols.hpp"
#include "actors/sensing/subscribers.hpp"
#include "system/clock/beat_clock.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

/// A named gesture and its template matcher.
struct san_gesture {
  std::string name;
  subsequence_matcher matcher;
  std::uint64_t matches = 0;
  std::optional<dtw_match> last;
};

/// The SAN's settings, validated.
struct san_config {
  std::vector<std::string> subscribers;
  /// Feature whose peaks are predicted.
  std::string energy_feature = "motion.energy_j";
  peak_config peaks;
  /// Features the gesture templates are compared on, in template order.
  std::vector<std::string> dims;
  std::vector<san_gesture> gestures;
};

struct san_state {
  static inline const char* name = "san";

  san_config config;
  peak_predictor predictor;
  std::shared_ptr<beat_clock> clock;
  double quantum = 4;
  std::optional<peak_prediction> prediction;
  double predicted_beat = 0;
  std::vector<double> frame;
  double energy = 0;
  std::optional<subscriber_list> subscribers;
  hop_set in_hops;
  std::uint64_t inputs = 0;
  /// Inputs lacking one of the template features (not matched).
  std::uint64_t incomplete = 0;
  std::uint64_t predictions = 0;
};

using san_self = san_actor::stateful_pointer<san_state>;

/// Anticipation. Predicts the time and intensity of the next peak of the
/// kinetic energy from the rhythm of the recent ones and places it on the
/// beat grid (ctx->clock): a `gesture` named "peak" per confirmed peak.
/// Recognizes the configured gestures by DTW against recorded templates: a
/// `gesture` with the template's name and the match's confidence, whose
/// predicted_peak_us / predicted_beat mark the end of the match.
san_actor::behavior_type san(san_self self, std::shared_ptr<const node_context> ctx,
                             std::string name, san_config config);

/// The `san` kind: options `subscribers`, `energy-feature`
/// ("motion.energy_j"), `min-peak` (J, 2.0), `features` (the template
/// features, default hands above root, chest flex, root above floor) and
/// `gestures = { NAME = { template = "FILE.lumerec", threshold = 1.0 }, ... }`.
actor_kind san_kind();

} // namespace lume

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>
#include <caf/actor_clock.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/mapper/adaptive_range.hpp"
#include "actors/mapper/calibration.hpp"
#include "actors/mapper/param_spec.hpp"
#include "actors/sensing/hop_set.hpp"
#include "actors/sensing/protocols.hpp"
#include "actors/sensing/subscribers.hpp"
#include "net/param_osc_encoder.hpp"
#include "net/udp_sender.hpp"
#include "system/mesh/checkpointer.hpp"
#include "system/messages/described.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

/// The mapper's settings, validated.
struct mapper_config {
  std::vector<param_spec> params;
  std::vector<std::string> subscribers;
  /// Sends at least this often, smoothing on between inputs: a send is due
  /// when nothing was sent for a period.
  caf::timespan period = std::chrono::milliseconds{20};
  /// Sends as soon as new features arrive, such sends at most once per
  /// `min_interval` (the periodic ones come on top).
  bool on_input = true;
  caf::timespan min_interval = std::chrono::milliseconds{2};
  /// How fast `in = "auto"` ranges forget (adaptive_range::settings::decay_s).
  double auto_decay_s = 30;
  /// The percentiles auto and calibrated ranges are made of.
  percentile_choice percentiles;
  /// A calibration's length when `calibrate` names none.
  double calibration_s = 20;
  /// Where calibrations are saved and loaded from (empty: not saved).
  std::string calibration_path;
  std::string performer;
  /// The calibration read from `calibration_path` at start.
  std::optional<calibration> loaded;
};

/// One parameter as the mapper holds it.
struct mapper_param {
  /// As configured, with the input range in use (auto or calibrated).
  param_spec spec;
  /// Where the input range comes from: `config`, `auto` or `calibrated`.
  std::string range_from = "config";
  /// The running percentiles of an `in = "auto"` param not calibrated.
  std::optional<adaptive_range> adaptive;
  /// Newest feature value, before mapping.
  std::optional<double> input;
  /// Where the smoothing is heading: the mapped input or an override.
  double target = 0;
  /// The smoothed value, as last sent.
  double value = 0;
};

/// One parameter as a movable mapper checkpoints it.
struct saved_param {
  static constexpr const char* type_name = "lume::saved_param";
  std::string name;
  double target = 0;
  double value = 0;
};
BOOST_DESCRIBE_STRUCT(saved_param, (), (name, target, value))

/// What a movable mapper checkpoints: where each parameter is and where it
/// is heading, so that the next incarnation's output does not jump.
struct mapper_checkpoint {
  static constexpr const char* type_name = "lume::mapper_checkpoint";
  std::vector<saved_param> params;
  /// The calibration in use as JSON (calibration.hpp), empty if none.
  std::string calibration;
};
BOOST_DESCRIBE_STRUCT(mapper_checkpoint, (), (params, calibration))

/// A calibration under way: what each followed feature did so far.
struct calibration_run {
  double seconds = 0;
  caf::actor_clock::time_point ends;
  std::map<std::string, std::vector<double>> samples;
  caf::typed_response_promise<std::string> promise;
};

/// One OSC destination.
struct osc_target {
  std::shared_ptr<net::udp_sender> socket;
  std::uint64_t sent = 0;
  std::uint64_t send_errors = 0;
};

/// Everything the mapper knows, so that a successor can take it over.
struct mapper_state {
  static inline const char* name = "mapper";

  mapper_config config;
  std::vector<mapper_param> params;
  /// Feature name → indices into `params`.
  std::map<std::string, std::vector<std::size_t>> followers;
  std::vector<osc_target> targets;
  std::optional<subscriber_list> subscribers;
  /// Source sensor → newest origin of its inputs since the last send.
  std::map<std::string, std::int64_t> pending;
  /// Newest origin of any input so far (origin of the sent music_params).
  std::int64_t newest_origin_us = 0;
  bool dirty = false;
  bool deferred = false;
  /// Time the smoothed values were last brought up to date.
  caf::actor_clock::time_point last_smooth;
  caf::actor_clock::time_point last_input_send;
  caf::actor_clock::time_point next_periodic;
  caf::actor_clock::time_point deferred_at;
  hop_set in_hops;
  hop_set osc_hops;
  std::vector<net::param_value> osc_values;
  std::vector<std::uint8_t> osc_buffer;
  std::uint64_t inputs = 0;
  std::uint64_t sends = 0;
  /// Sends caused by new input (the others are periodic).
  std::uint64_t sends_on_input = 0;
  std::uint64_t overrides = 0;
  std::uint64_t unknown_overrides = 0;
  /// When the actor started (the time axis of the auto ranges).
  caf::actor_clock::time_point started;
  std::optional<calibration_run> calibrating;
  /// The calibration in use (loaded, restored or made here).
  std::optional<calibration> calibrated;
  std::uint64_t calibrations = 0;
  /// Why the last calibration could not be saved (empty: it was, or none).
  std::string save_error;
  /// Active when movable.
  std::shared_ptr<checkpointer> checkpoints;
};

using mapper_self = mapper_actor::stateful_pointer<mapper_state>;

/// Maps features to music parameters (param_spec), smooths them and sends
/// them as one OSC bundle of `/lume/param/<name> f` to every target and as
/// `music_params` to every subscriber: on new input (at most once per
/// `min_interval`, later inputs wait for that) and whenever nothing was sent
/// for a `period`, on a grid of periods. Each param's input range is its
/// config's, follows the feature's running percentiles (`in = "auto"`) or
/// comes from a calibration (`calibrate`, saved per performer). Hops
/// `NAME.in.SOURCE` (features arrived) and `NAME.osc.SOURCE` (their effect
/// sent: the end-to-end latency from the sensor). Movable, it checkpoints
/// every parameter's value and target (mapper_checkpoint).
mapper_actor::behavior_type mapper(mapper_self self, std::shared_ptr<const node_context> ctx,
                                   std::string name, mapper_config config,
                                   std::vector<std::shared_ptr<net::udp_sender>> targets,
                                   std::shared_ptr<checkpointer> checkpoints);

/// The `mapper` kind: options `params` (see read_param_specs), `targets`
/// (OSC host:port list), `subscribers`, `rate` (Hz, 50), `on-input` (true),
/// `max-rate` (Hz, 500), `auto-decay` (30s), `percentiles` ([5, 95]),
/// `calibration-time` (20s), `calibration` (file path), `performer`.
actor_kind mapper_kind();

} // namespace lume

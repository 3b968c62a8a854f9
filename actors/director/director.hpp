#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_clock.hpp>
#include <spdlog/logger.h>

#include "actors/director/director_rules.hpp"
#include "actors/quantizer/late_stats.hpp"
#include "actors/show/epoch_filter.hpp"
#include "actors/show/protocols.hpp"
#include "system/mesh/checkpointer.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct node_context;

/// How a director incarnation works, from its options.
struct director_setup {
  director_rules rules;
  caf::timespan tick = std::chrono::milliseconds{250};
  /// Names that get each director_cut at its grid point (by the quantizer,
  /// early by the quantizer's lookahead for that name).
  std::vector<std::string> subscribers;
  /// "host:port" list that gets each decision as OSC from the quantizer's
  /// precise thread, at the grid point itself.
  std::vector<std::string> targets;
  /// Name of the quantizer (one on every node that may host the director).
  std::string quantizer = "quantizer";
  /// A decision lands on a grid point at least this far ahead, so that the
  /// quantizer and a lookahead of its targets can still make it.
  micros margin{60000};
  /// A cut may go out this late past its beat (a stalled precise thread):
  /// under a video frame, and better than a shot held 1.5 s too long.
  micros tolerance{20000};
  int phrase_bars = 4;
  /// A successor sends late, on the first beat it can still make, the
  /// decisions whose beat came this many beats before it took over or
  /// sooner (in the failover gap; their old host may have died before
  /// sending them). 0: they are taken as landed.
  double late_window = 1;
  /// Placement epoch (movable) or local incarnation number (pinned).
  uint64_t epoch = 0;
  /// Its name when movable (empty when pinned): the quantizer drops its
  /// deliveries once the mesh supersedes this epoch.
  std::string owner;
  /// Restores the memory and sends checkpoints (active when movable).
  std::shared_ptr<checkpointer> checkpoints = std::make_shared<checkpointer>();
};

struct director_state {
  static inline const char* name = "director";

  std::shared_ptr<const node_context> ctx;
  director_setup setup;
  std::shared_ptr<spdlog::logger> log;
  /// The live picture, pending and recent decisions, rule timers, seq:
  /// what a failover carries over.
  director_memory memory;
  director_inputs inputs;
  /// The session's outputs: stale epochs and repeated seqs are dropped.
  epoch_filter session;
  caf::actor quantizer;
  /// The quantizer incarnation that answered last (monitored): its pending
  /// deliveries die with it.
  caf::actor_addr quantizer_incarnation;
  /// Pending cuts sent again because their quantizer went down.
  uint64_t resent_to_new_quantizer = 0;
  caf::actor_clock::time_point next_tick;
  /// How late each tick ran against its grid (the tick's jitter).
  late_stats tick_late{4096, micros{1000}};
  std::vector<uint8_t> osc_buffer;
  double tempo = 0;
  uint64_t ticks = 0;
  uint64_t decisions = 0;
  uint64_t cues = 0;
  uint64_t refused_cues = 0;
  std::string last_refused;
  /// Decisions resumed from a checkpoint and sent again, and those whose
  /// beat had come by then (taken as landed).
  uint64_t resent = 0;
  /// Decisions of the failover gap sent late by this incarnation.
  uint64_t resent_late = 0;
  uint64_t landed_on_restore = 0;
  /// Beats the restored memory was moved by (another node's timeline).
  double timeline_offset = 0;
  /// Decisions that found no grid point in time (an exact beat passed).
  uint64_t unplaced = 0;
  /// Quantizer answers: dropped positions and errors (no quantizer, refusals).
  uint64_t quantizer_dropped = 0;
  /// Deliveries the quantizer took and then missed (delivery_dropped).
  uint64_t quantizer_missed = 0;
  /// Cuts sent again late because the quantizer dropped or missed them.
  uint64_t resent_dropped = 0;
  uint64_t quantizer_errors = 0;
  std::string last_quantizer_error;
  uint64_t feature_inputs = 0;
  uint64_t param_inputs = 0;
  uint64_t gesture_inputs = 0;
  uint64_t session_inputs = 0;
};

using director_self = director_actor::stateful_pointer<director_state>;

/// The director: every `tick` (on its grid: a late tick does not delay the
/// next) it lands the decisions whose beat came, runs the rules
/// (director_rules.hpp) over what arrived and places each decision on the
/// grid through the quantizer: a director_cut to every subscriber and an
/// OSC message (net/director_osc_encoder.hpp) to every target, both with
/// its epoch and a seq that continues across failovers. Movable, it
/// checkpoints its memory; a new incarnation sends the decisions still
/// ahead again (same seq, same beat) and takes the others as landed.
director_actor::behavior_type director(director_self self, std::shared_ptr<const node_context> ctx,
                                       director_setup setup);

/// The `director` kind (options: docs/architecture.md, config/solo.caf).
actor_kind director_kind();

} // namespace lume

#pragma once

#include <caf/type_id.hpp>

#include "system/messages/messages.hpp"

/// The project's one type-ID block: every message type crossing an actor
/// boundary, and the atoms of the system protocols. Tools chain their own
/// block from `caf::id_block::lume::end`.
CAF_BEGIN_TYPE_ID_BLOCK(lume, caf::first_custom_type_id)

  CAF_ADD_TYPE_ID(lume, (lume::joint))
  CAF_ADD_TYPE_ID(lume, (lume::skeleton_frame))
  CAF_ADD_TYPE_ID(lume, (lume::phone_motion))
  CAF_ADD_TYPE_ID(lume, (lume::depth_frame))
  CAF_ADD_TYPE_ID(lume, (lume::audio_block))
  CAF_ADD_TYPE_ID(lume, (lume::feature_vector))
  CAF_ADD_TYPE_ID(lume, (lume::music_params))
  CAF_ADD_TYPE_ID(lume, (lume::gesture))
  CAF_ADD_TYPE_ID(lume, (lume::director_cut))
  CAF_ADD_TYPE_ID(lume, (lume::clock_tick))

  /// Asks an actor for its state as JSON (every LUME actor answers it).
  CAF_ADD_ATOM(lume, lume::atom, inspect, "inspect")
  /// A periodic self-message of timer-driven actors.
  CAF_ADD_ATOM(lume, lume::atom, tick, "tick")
  /// Asks a supervisor for its subtree as JSON.
  CAF_ADD_ATOM(lume, lume::atom, tree, "tree")
  /// Asks a supervisor to stop all its children in reverse start order.
  CAF_ADD_ATOM(lume, lume::atom, shutdown, "shutdown")
  /// Tells a supervisor that a child did not stop within its shutdown time.
  CAF_ADD_ATOM(lume, lume::atom, stop_timeout, "stop_tmo")
  /// A line of the inspection protocol to execute.
  CAF_ADD_ATOM(lume, lume::atom, command, "command")

CAF_END_TYPE_ID_BLOCK(lume)

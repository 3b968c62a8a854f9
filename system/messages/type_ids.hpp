#pragma once

#include <caf/type_id.hpp>

#include "system/mesh/mesh_messages.hpp"
#include "system/messages/messages.hpp"
#include "system/messages/quantize.hpp"
#include "system/messages/show.hpp"

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
  CAF_ADD_TYPE_ID(lume, (lume::clock_tick))
  CAF_ADD_TYPE_ID(lume, (lume::director_cut))
  CAF_ADD_TYPE_ID(lume, (lume::director_cue))
  CAF_ADD_TYPE_ID(lume, (lume::session_command))
  CAF_ADD_TYPE_ID(lume, (lume::session_state))
  CAF_ADD_TYPE_ID(lume, (lume::styled_frame))

  CAF_ADD_TYPE_ID(lume, (lume::placement_claim))
  CAF_ADD_TYPE_ID(lume, (lume::relayed_claim))
  CAF_ADD_TYPE_ID(lume, (lume::mesh_heartbeat))
  CAF_ADD_TYPE_ID(lume, (lume::name_binding))
  CAF_ADD_TYPE_ID(lume, (lume::mesh_hello))
  CAF_ADD_TYPE_ID(lume, (lume::checkpoint))
  CAF_ADD_TYPE_ID(lume, (lume::placement_override))
  CAF_ADD_TYPE_ID(lume, (lume::quantize_request))
  CAF_ADD_TYPE_ID(lume, (lume::quantize_receipt))
  CAF_ADD_TYPE_ID(lume, (lume::delivery_dropped))

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
  /// Asks a publisher (the clock service) to send updates to an actor.
  CAF_ADD_ATOM(lume, lume::atom, subscribe, "subscribe")
  /// Asks a publisher to stop sending updates to an actor.
  CAF_ADD_ATOM(lume, lume::atom, unsubscribe, "unsubscrib")
  /// Tells the clock service that the clock changed.
  CAF_ADD_ATOM(lume, lume::atom, notify, "notify")
  /// Asks for a current value (the clock service: a clock_tick).
  CAF_ADD_ATOM(lume, lume::atom, get, "get")
  /// Reports that a quantized delivery was sent.
  CAF_ADD_ATOM(lume, lume::atom, fired, "fired")
  /// Reports that a quantized delivery missed its time.
  CAF_ADD_ATOM(lume, lume::atom, missed, "missed")

  /// Asks the mesh actor for the membership table as JSON.
  CAF_ADD_ATOM(lume, lume::atom, nodes, "nodes")
  /// Mesh → supervisor: start (again) a child that is stopped (OTP restart_child).
  CAF_ADD_ATOM(lume, lume::atom, restart_child, "rst_child")
  /// Mesh → supervisor: stop a child without restarting it (OTP terminate_child).
  CAF_ADD_ATOM(lume, lume::atom, terminate_child, "trm_child")
  /// Internal: time to retry connecting to a peer.
  CAF_ADD_ATOM(lume, lume::atom, connect, "connect")
  /// Internal: a movable actor's trailing checkpoint is due (checkpointer).
  CAF_ADD_ATOM(lume, lume::atom, checkpoint, "checkpoint")
  /// Mesh → peer: a movable actor leaves this node; stop sending to it here.
  CAF_ADD_ATOM(lume, lume::atom, release, "release")

  /// Sets the tempo of the beat clock (clock service: `tempo, double bpm`).
  CAF_ADD_ATOM(lume, lume::atom, tempo, "tempo")
  /// Starts or ends a calibration (the mapper's `calibrate [SECONDS]`).
  CAF_ADD_ATOM(lume, lume::atom, calibrate, "calibrate")
  /// A quantized change reaches the actor that scheduled it (on its grid point).
  CAF_ADD_ATOM(lume, lume::atom, apply, "apply")
  /// An I/O thread (HTTP, WebSocket, process) reports a connection's state to its actor.
  CAF_ADD_ATOM(lume, lume::atom, status, "status")
  /// An I/O thread hands its actor a request or a peer's message to handle.
  CAF_ADD_ATOM(lume, lume::atom, request, "request")
  /// An I/O thread hands its actor the answer to an earlier request.
  CAF_ADD_ATOM(lume, lume::atom, reply, "reply")

CAF_END_TYPE_ID_BLOCK(lume)

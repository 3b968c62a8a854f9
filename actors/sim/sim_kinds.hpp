#pragma once

#include "system/node/kind_catalog.hpp"

/// Simulated sensors (the generators of actors/sim) as actor kinds, so one
/// node can run the whole show without hardware. Each sends real datagrams
/// to `target` (default: the matching sensor's port on 127.0.0.1).
namespace lume {

/// `sim-mocopi`: the dancer as mocopi UDP; options `target`, `fps` (50).
actor_kind sim_mocopi_kind();

/// `sim-depth`: depth frames as LUMD; options `target`, `fps` (30),
/// `width` (640), `height` (576).
actor_kind sim_depth_kind();

/// `sim-audio`: the UMA-8 sound field as LUMF; options `target`, `rate`
/// (48000 Hz), `channels` (8), `block` (512 frames).
actor_kind sim_audio_kind();

/// `sim-phone`: the phone in the dancer's hand as OSC; options `target`, `rate` (100 Hz).
actor_kind sim_phone_kind();

} // namespace lume

#pragma once

#include <cstdint>
#include <string>

#include "system/messages/type_ids.hpp"

/// The JSON text each WebSocket hub pushes (docs/protocols.md, "Bus"). Every
/// message has `type` and `sent_us`, the node's host time (Link's clock,
/// µs) when the bus serialized it; a client that wants the node's time maps
/// it to its own clock (the stage view estimates the offset).
namespace lume::hub_json {

/// `/ws/params`: {"type":"params","sent_us","origin_us","values":{name: value}}
std::string params(const music_params& x, std::int64_t sent_us);

/// `/ws/features`: {"type":"features","sent_us","source","origin_us","values"}
std::string features(const feature_vector& x, std::int64_t sent_us);

/// `/ws/skeleton`: {"type":"skeleton","sent_us","source","frame","origin_us",
/// "parents":[...],"positions":[x0,y0,z0,x1,...]}: world positions in metres
/// (Y up) by forward kinematics, 0.1 mm resolution. Empty if the frame is
/// no 27-bone mocopi skeleton.
std::string skeleton(const skeleton_frame& x, std::int64_t sent_us);

/// `/ws/cuts`: the director_cut's fields plus type "cut" and sent_us.
std::string cut(const director_cut& x, std::int64_t sent_us);

/// `/ws/session`: the session_state's fields plus type "session" and sent_us.
std::string session(const session_state& x, std::int64_t sent_us);

/// `/ws/clock`: {"type":"clock","sent_us","time_us","beat","phase","bar",
/// "tempo","quantum","peers","playing"}; `beat` holds at `time_us`.
std::string clock(const clock_tick& x, std::int64_t sent_us);

/// `/ws/visuals`: the styled frame without its bytes, which
/// `GET /visuals/latest` serves: {"type":"visuals","sent_us","seq","epoch",
/// "media_type","width","height","scene","prompt","source_origin_us",
/// "round_trip_us","origin_us","bytes","url"}.
std::string visuals(const styled_frame& x, std::int64_t sent_us);

} // namespace lume::hub_json

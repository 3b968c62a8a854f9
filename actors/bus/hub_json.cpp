#include "actors/bus/hub_json.hpp"

#include <cmath>

#include <boost/json.hpp>

#include "actors/features/actors/feature_values.hpp"
#include "actors/features/skeleton.hpp"

namespace lume::hub_json {

namespace {

boost::json::object values_of(const std::map<std::string, double>& values) {
  boost::json::object result;
  for (auto& [name, value] : values)
    result[name] = std::isfinite(value) ? boost::json::value(value) : boost::json::value(nullptr);
  return result;
}

double tenth_mm(float metres) {
  return std::round(static_cast<double>(metres) * 1e4) / 1e4;
}

template <class T>
std::string described(const T& x, const char* type, std::int64_t sent_us) {
  auto object = boost::json::value_from(x).as_object();
  object["type"] = type;
  object["sent_us"] = sent_us;
  return boost::json::serialize(object);
}

} // namespace

std::string params(const music_params& x, std::int64_t sent_us) {
  return boost::json::serialize(boost::json::object{{"type", "params"},
                                                    {"sent_us", sent_us},
                                                    {"origin_us", x.origin_us},
                                                    {"values", values_of(x.values)}});
}

std::string features(const feature_vector& x, std::int64_t sent_us) {
  return boost::json::serialize(boost::json::object{{"type", "features"},
                                                    {"sent_us", sent_us},
                                                    {"source", x.source},
                                                    {"origin_us", x.origin_us},
                                                    {"values", values_of(x.values)}});
}

std::string skeleton(const skeleton_frame& x, std::int64_t sent_us) {
  features::skeleton_frame frame;
  features::world_pose pose;
  if (!to_dsp(x, frame) || !features::forward_kinematics(frame, pose))
    return {};
  boost::json::array parents;
  boost::json::array positions;
  positions.reserve(3 * features::bone_count);
  for (std::size_t i = 0; i < features::bone_count; ++i) {
    parents.push_back(frame.bones[i].parent);
    positions.push_back(tenth_mm(pose.position[i].x));
    positions.push_back(tenth_mm(pose.position[i].y));
    positions.push_back(tenth_mm(pose.position[i].z));
  }
  return boost::json::serialize(boost::json::object{{"type", "skeleton"},
                                                    {"sent_us", sent_us},
                                                    {"source", x.source},
                                                    {"frame", x.frame},
                                                    {"origin_us", x.origin_us},
                                                    {"parents", std::move(parents)},
                                                    {"positions", std::move(positions)}});
}

std::string cut(const director_cut& x, std::int64_t sent_us) {
  return described(x, "cut", sent_us);
}

std::string session(const session_state& x, std::int64_t sent_us) {
  return described(x, "session", sent_us);
}

std::string clock(const clock_tick& x, std::int64_t sent_us) {
  const auto bar = x.quantum > 0 ? std::floor(x.beat / x.quantum) : 0.0;
  return boost::json::serialize(boost::json::object{{"type", "clock"},
                                                    {"sent_us", sent_us},
                                                    {"time_us", x.origin_us},
                                                    {"beat", x.beat},
                                                    {"phase", x.phase},
                                                    {"bar", static_cast<std::int64_t>(bar)},
                                                    {"tempo", x.tempo},
                                                    {"quantum", x.quantum},
                                                    {"peers", x.peers},
                                                    {"playing", x.playing}});
}

std::string visuals(const styled_frame& x, std::int64_t sent_us) {
  return boost::json::serialize(boost::json::object{
    {"type", "visuals"},
    {"sent_us", sent_us},
    {"seq", x.seq},
    {"epoch", x.epoch},
    {"media_type", x.media_type},
    {"width", x.width},
    {"height", x.height},
    {"scene", x.scene},
    {"prompt", x.prompt},
    {"source_origin_us", x.source_origin_us},
    {"round_trip_us", x.round_trip_us},
    {"origin_us", x.origin_us},
    {"bytes", x.image.size()},
    {"url", "/visuals/latest?seq=" + std::to_string(x.seq)}});
}

} // namespace lume::hub_json

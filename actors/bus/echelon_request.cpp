#include "actors/bus/echelon_request.hpp"

#include <cctype>

#include "actors/bus/json_fields.hpp"

namespace lume {

namespace {

/// Feature names: letters, digits, `_`, `.` and `-`, at most 64 characters.
bool good_feature_name(const std::string& name) {
  if (name.empty() || name.size() > 64)
    return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '_' && c != '.' && c != '-')
      return false;
  return true;
}

} // namespace

std::variant<echelon_messages, refusal> read_echelon(const std::string& body,
                                                     std::int64_t origin_us) {
  using namespace json_fields;
  boost::json::object x;
  if (auto err = parse_object(body, x))
    return *err;
  if (auto err = only_known(x, {"source", "accel", "gyro", "attitude", "features"}))
    return *err;
  std::string source;
  if (auto err = string_field(x, "source", "source", source, 64))
    return *err;
  echelon_messages result;
  std::vector<double> v;
  auto motion = [&]() -> phone_motion& {
    if (!result.motion) {
      result.motion.emplace();
      result.motion->source = source;
      result.motion->origin_us = origin_us;
    }
    return *result.motion;
  };
  if (x.contains("accel")) {
    if (auto err = number_array(x, "accel", "accel", 3, v))
      return *err;
    auto& m = motion();
    m.ax = static_cast<float>(v[0]);
    m.ay = static_cast<float>(v[1]);
    m.az = static_cast<float>(v[2]);
  }
  if (x.contains("gyro")) {
    if (auto err = number_array(x, "gyro", "gyro", 3, v))
      return *err;
    auto& m = motion();
    m.gx = static_cast<float>(v[0]);
    m.gy = static_cast<float>(v[1]);
    m.gz = static_cast<float>(v[2]);
  }
  if (x.contains("attitude")) {
    if (auto err = number_array(x, "attitude", "attitude", 4, v))
      return *err;
    if (v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3] < 1e-6)
      return bad_value("attitude", "a zero quaternion");
    auto& m = motion();
    m.qx = static_cast<float>(v[0]);
    m.qy = static_cast<float>(v[1]);
    m.qz = static_cast<float>(v[2]);
    m.qw = static_cast<float>(v[3]);
  }
  if (auto* f = x.if_contains("features")) {
    if (!f->is_object())
      return wrong_type("features", "an object of numbers");
    auto& features = f->get_object();
    if (features.empty() || features.size() > 64)
      return bad_value("features", "must have 1 to 64 entries");
    feature_vector fv;
    fv.source = source;
    fv.origin_us = origin_us;
    for (auto& [key, value] : features) {
      std::string name{key};
      auto field = "features." + name;
      if (!good_feature_name(name))
        return bad_value(field, "a feature name has 1 to 64 letters, digits, '_', '.' or '-'");
      double number = 0;
      if (auto err = json_fields::number(value, field, number))
        return *err;
      fv.values.emplace(std::move(name), number);
    }
    result.features = std::move(fv);
  }
  if (!result.motion && !result.features)
    return missing("accel");
  return result;
}

} // namespace lume

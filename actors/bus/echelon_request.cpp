#include "actors/bus/echelon_request.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <limits>

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

/// A vector of `phone_motion` in the body: its key and the members it sets.
struct motion_field {
  const char* key;
  std::size_t size;
  std::array<float phone_motion::*, 4> members;
};

const motion_field motion_fields[] = {
  {"accel", 3, {&phone_motion::ax, &phone_motion::ay, &phone_motion::az}},
  {"gyro", 3, {&phone_motion::gx, &phone_motion::gy, &phone_motion::gz}},
  {"attitude", 4, {&phone_motion::qx, &phone_motion::qy, &phone_motion::qz, &phone_motion::qw}},
};

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
  for (auto& field : motion_fields) {
    if (!x.contains(field.key))
      continue;
    if (auto err = number_array(x, field.key, field.key, field.size, v))
      return *err;
    // phone_motion holds floats: a larger number would become infinite.
    for (std::size_t i = 0; i < field.size; ++i)
      if (std::fabs(v[i]) > std::numeric_limits<float>::max())
        return bad_value(std::string{field.key} + "[" + std::to_string(i) + "]",
                         "beyond the range of a float (±3.4e38)");
    if (field.size == 4 && v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3] < 1e-6)
      return bad_value(field.key, "a zero quaternion");
    auto& m = motion();
    for (std::size_t i = 0; i < field.size; ++i)
      m.*field.members[i] = static_cast<float>(v[i]);
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

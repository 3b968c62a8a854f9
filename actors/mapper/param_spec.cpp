#include "actors/mapper/param_spec.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>

#include <caf/timespan.hpp>

namespace lume {

namespace {

bool valid_param_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

/// Reads `[lo, hi]` at `key` into the pair; an error text otherwise.
std::optional<std::string> read_range(const caf::settings& entry, const char* key, double& lo,
                                      double& hi) {
  auto i = entry.find(key);
  if (i == entry.end())
    return std::nullopt;
  auto list = caf::get_if<caf::config_value::list>(&i->second);
  if (list == nullptr || list->size() != 2)
    return std::string{"'"} + key + "' must be [low, high]";
  auto a = config_number((*list)[0]);
  auto b = config_number((*list)[1]);
  if (!a || !b || *a == *b)
    return std::string{"'"} + key + "' must be two different numbers";
  lo = *a;
  hi = *b;
  return std::nullopt;
}

std::variant<param_spec, std::string> read_param(const std::string& name,
                                                 const caf::config_value& value) {
  auto entry = caf::get_if<caf::settings>(&value);
  if (entry == nullptr)
    return std::string{"expected { feature = ..., ... }"};
  static const char* keys[] = {"feature", "in",        "out",      "curve",
                               "steepness", "smoothing", "min-span", "neutral"};
  for (auto& [key, ignored] : *entry)
    if (std::find(std::begin(keys), std::end(keys), key) == std::end(keys))
      return "unknown key '" + key
             + "' (feature, in, out, curve, steepness, smoothing, min-span, neutral)";
  param_spec spec;
  spec.name = name;
  spec.feature = caf::get_or(*entry, "feature", std::string{});
  if (spec.feature.empty())
    return std::string{"'feature' names the feature it follows"};
  if (auto i = entry->find("min-span"); i != entry->end()) {
    auto span = config_number(i->second);
    if (!span || !(*span > 0))
      return std::string{"'min-span' must be a number > 0 (in the feature's unit)"};
    spec.min_span = *span;
  }
  if (auto i = entry->find("neutral"); i != entry->end()) {
    auto flag = caf::get_if<bool>(&i->second);
    if (flag == nullptr)
      return std::string{"'neutral' must be true or false"};
    spec.neutral = *flag;
  }
  if (auto in = caf::get_if<std::string>(entry, "in")) {
    if (*in != "auto")
      return std::string{"'in' must be [low, high] or \"auto\""};
    if (spec.min_span <= 0)
      return std::string{"'in = \"auto\"' takes a 'min-span' > 0: the smallest input span "
                         "stretched to the full output range"};
    spec.adaptive = true;
    spec.in_low = 0;
    spec.in_high = spec.min_span;
  } else if (auto err = read_range(*entry, "in", spec.in_low, spec.in_high)) {
    return *err;
  }
  if (auto err = read_range(*entry, "out", spec.out_low, spec.out_high))
    return *err;
  auto curve = caf::get_or(*entry, "curve", std::string{"linear"});
  if (auto kind = parse_curve(curve))
    spec.curve = *kind;
  else
    return "unknown curve '" + curve + "' (linear, exp, log, smoothstep)";
  if (auto i = entry->find("steepness"); i != entry->end()) {
    auto k = config_number(i->second);
    if (!k || !(*k > 0 && *k <= 50))
      return std::string{"'steepness' must be a number in (0, 50]"};
    spec.steepness = *k;
  }
  if (auto i = entry->find("smoothing"); i != entry->end()) {
    auto span = caf::get_if<caf::timespan>(&i->second);
    if (span == nullptr || span->count() < 0)
      return std::string{"'smoothing' must be a duration such as 100ms"};
    spec.smoothing_s = std::chrono::duration<double>(*span).count();
  }
  return spec;
}

} // namespace

std::optional<double> config_number(const caf::config_value& x) {
  if (auto d = caf::get_if<double>(&x))
    return *d;
  if (auto i = caf::get_if<int64_t>(&x))
    return static_cast<double>(*i);
  return std::nullopt;
}

double map_feature(const param_spec& spec, double x) {
  double t = (x - spec.in_low) / (spec.in_high - spec.in_low);
  if (auto c = spec.in_centre)
    t = x < *c ? 0.5 * (x - spec.in_low) / (*c - spec.in_low)
               : 0.5 + 0.5 * (x - *c) / (spec.in_high - *c);
  return spec.out_low + (spec.out_high - spec.out_low) * apply_curve(spec.curve, t, spec.steepness);
}

std::variant<std::vector<param_spec>, std::string> read_param_specs(const caf::settings& params) {
  std::vector<param_spec> result;
  for (auto& [name, value] : params) {
    if (!valid_param_name(name))
      return "param '" + name + "': names take letters, digits, '_', '-', '.'";
    auto spec = read_param(name, value);
    if (auto err = std::get_if<std::string>(&spec))
      return "param '" + name + "': " + *err;
    result.push_back(std::move(std::get<param_spec>(spec)));
  }
  if (result.empty())
    return std::string{"'params' names no parameter"};
  return result;
}

} // namespace lume

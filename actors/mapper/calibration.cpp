#include "actors/mapper/calibration.hpp"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

namespace lume {

namespace {

constexpr const char* format_name = "lume-calibration";
constexpr std::int64_t format_version = 1;

/// A finite number at `key` of `obj`, or nullopt.
std::optional<double> number_at(const boost::json::object& obj, const char* key) {
  auto i = obj.find(key);
  if (i == obj.end() || !i->value().is_number())
    return std::nullopt;
  auto x = i->value().to_number<double>();
  return std::isfinite(x) ? std::optional<double>{x} : std::nullopt;
}

std::variant<calibrated_range, std::string> range_from_json(const boost::json::value& x) {
  auto obj = x.if_object();
  if (obj == nullptr)
    return std::string{"expected an object"};
  calibrated_range result;
  if (auto feature = obj->find("feature"); feature != obj->end() && feature->value().is_string())
    result.feature = std::string{feature->value().as_string()};
  else
    return std::string{"'feature' must be a string"};
  auto in = obj->find("in");
  auto pair = in != obj->end() ? in->value().if_array() : nullptr;
  if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_number() || !(*pair)[1].is_number())
    return std::string{"'in' must be [low, high]"};
  result.low = (*pair)[0].to_number<double>();
  result.high = (*pair)[1].to_number<double>();
  if (!std::isfinite(result.low) || !std::isfinite(result.high) || !(result.low < result.high))
    return std::string{"'in' must be two finite numbers, low < high"};
  if (obj->contains("centre")) {
    result.centre = number_at(*obj, "centre");
    if (!result.centre || !(result.low < *result.centre && *result.centre < result.high))
      return std::string{"'centre' must be a number within 'in'"};
  }
  auto p_low = number_at(*obj, "p_low");
  auto median = number_at(*obj, "median");
  auto p_high = number_at(*obj, "p_high");
  auto samples = obj->find("samples");
  if (!p_low || !median || !p_high)
    return std::string{"'p_low', 'median' and 'p_high' must be numbers"};
  if (samples == obj->end() || !samples->value().is_int64() || samples->value().as_int64() < 1)
    return std::string{"'samples' must be a positive integer"};
  result.seen = {*p_low, *median, *p_high};
  result.samples = static_cast<std::uint64_t>(samples->value().as_int64());
  return result;
}

} // namespace

calibration make_calibration(const std::vector<param_spec>& params,
                             const std::map<std::string, std::vector<double>>& samples,
                             percentile_choice choice, std::string performer, std::string when,
                             double seconds) {
  calibration result;
  result.performer = std::move(performer);
  result.when = std::move(when);
  result.seconds = seconds;
  result.choice = choice;
  std::vector<std::pair<double, double>> weighted;
  for (auto& spec : params) {
    if (spec.min_span <= 0) {
      result.unchanged[spec.name] = "no 'min-span': its range stays as configured";
      continue;
    }
    auto i = samples.find(spec.feature);
    if (i == samples.end() || i->second.empty()) {
      result.unchanged[spec.name] = "no " + spec.feature + " arrived";
      continue;
    }
    weighted.clear();
    for (auto x : i->second)
      weighted.emplace_back(x, 1.0);
    auto seen = weighted_percentiles(weighted, choice);
    // A span > 0 always makes a range.
    auto range = range_of(*seen, spec.min_span, spec.neutral);
    result.params[spec.name]
      = {spec.feature, range->low, range->high, range->centre, *seen, i->second.size()};
  }
  return result;
}

boost::json::value to_json(const calibration& x) {
  boost::json::object params;
  for (auto& [name, r] : x.params) {
    boost::json::object param{{"feature", r.feature},
                              {"in", boost::json::array{r.low, r.high}},
                              {"p_low", r.seen.low},
                              {"median", r.seen.median},
                              {"p_high", r.seen.high},
                              {"samples", r.samples}};
    if (r.centre)
      param["centre"] = *r.centre;
    params[name] = std::move(param);
  }
  boost::json::object unchanged;
  for (auto& [name, why] : x.unchanged)
    unchanged[name] = why;
  return boost::json::object{{"format", format_name},
                             {"version", format_version},
                             {"performer", x.performer},
                             {"when", x.when},
                             {"seconds", x.seconds},
                             {"percentiles", boost::json::array{x.choice.low, x.choice.high}},
                             {"params", std::move(params)},
                             {"unchanged", std::move(unchanged)}};
}

std::variant<calibration, std::string> calibration_from_json(const boost::json::value& x) {
  auto obj = x.if_object();
  if (obj == nullptr)
    return std::string{"expected a JSON object"};
  auto format = obj->find("format");
  if (format == obj->end() || format->value() != boost::json::value(format_name))
    return std::string{"'format' must be \"lume-calibration\""};
  auto version = obj->find("version");
  if (version == obj->end() || version->value() != boost::json::value(format_version))
    return "'version' must be " + std::to_string(format_version);
  calibration result;
  auto text = [&](const char* key, std::string& out) {
    auto i = obj->find(key);
    if (i == obj->end() || !i->value().is_string())
      return false;
    out = std::string{i->value().as_string()};
    return true;
  };
  if (!text("performer", result.performer) || !text("when", result.when))
    return std::string{"'performer' and 'when' must be strings"};
  auto seconds = number_at(*obj, "seconds");
  if (!seconds || *seconds <= 0)
    return std::string{"'seconds' must be a number > 0"};
  result.seconds = *seconds;
  auto qs = obj->find("percentiles");
  auto pair = qs != obj->end() ? qs->value().if_array() : nullptr;
  if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_number() || !(*pair)[1].is_number())
    return std::string{"'percentiles' must be [low, high]"};
  result.choice = {(*pair)[0].to_number<double>(), (*pair)[1].to_number<double>()};
  auto params = obj->find("params");
  if (params == obj->end() || !params->value().is_object())
    return std::string{"'params' must be an object"};
  for (auto& [name, value] : params->value().as_object()) {
    auto range = range_from_json(value);
    if (auto err = std::get_if<std::string>(&range))
      return "param '" + std::string{name} + "': " + *err;
    result.params[std::string{name}] = std::get<calibrated_range>(std::move(range));
  }
  if (auto unchanged = obj->find("unchanged"); unchanged != obj->end()) {
    if (!unchanged->value().is_object())
      return std::string{"'unchanged' must be an object"};
    for (auto& [name, why] : unchanged->value().as_object())
      result.unchanged[std::string{name}]
        = why.is_string() ? std::string{why.as_string()} : boost::json::serialize(why);
  }
  return result;
}

std::optional<std::string> save_calibration(const calibration& x, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code err;
  const fs::path target{path};
  if (target.has_parent_path())
    fs::create_directories(target.parent_path(), err);
  const fs::path temporary{path + ".tmp"};
  {
    std::ofstream out{temporary, std::ios::trunc};
    out << boost::json::serialize(to_json(x)) << '\n';
    out.flush();
    if (!out)
      return "cannot write " + temporary.string() + ": " + std::strerror(errno);
  }
  fs::rename(temporary, target, err);
  if (err)
    return "cannot rename " + temporary.string() + " to " + path + ": " + err.message();
  return std::nullopt;
}

std::variant<std::optional<calibration>, std::string> load_calibration(const std::string& path) {
  std::ifstream in{path};
  if (!in) {
    if (!std::filesystem::exists(path))
      return std::optional<calibration>{};
    return "cannot read calibration " + path + ": " + std::strerror(errno);
  }
  std::ostringstream text;
  text << in.rdbuf();
  boost::system::error_code err;
  auto json = boost::json::parse(text.str(), err);
  if (err)
    return "calibration " + path + ": not JSON: " + err.message();
  auto result = calibration_from_json(json);
  if (auto what = std::get_if<std::string>(&result))
    return "calibration " + path + ": " + *what;
  return std::optional<calibration>{std::get<calibration>(std::move(result))};
}

std::string utc_now_text() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

} // namespace lume

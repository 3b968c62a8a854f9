#include <chrono>
#include <cmath>
#include <cstdio>

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>

#include "system/inspect/commands.hpp"
#include "system/inspect/response.hpp"

namespace lume::commands {

namespace {

/// The longest calibration the REPL asks for: a peer's inspector answers a
/// forwarded command within a minute.
constexpr double max_calibration_s = 50;

/// The calibration for people: one line per param.
std::string render_calibration(const boost::json::object& x) {
  std::string text;
  char line[256];
  std::snprintf(line, sizeof(line), "calibrated %s over %g s at %s\n",
                x.at("performer").as_string().empty() ? "(no performer)"
                                                      : x.at("performer").as_string().c_str(),
                x.at("seconds").to_number<double>(), x.at("when").as_string().c_str());
  text += line;
  for (auto& [name, value] : x.at("params").as_object()) {
    auto& p = value.as_object();
    auto& in = p.at("in").as_array();
    std::snprintf(line, sizeof(line), "  %-12s %-32s in [%g, %g]%s  median %g  (%lld samples)\n",
                  std::string{name}.c_str(), p.at("feature").as_string().c_str(),
                  in[0].to_number<double>(), in[1].to_number<double>(),
                  p.contains("centre") ? " centred" : "", p.at("median").to_number<double>(),
                  static_cast<long long>(p.at("samples").as_int64()));
    text += line;
  }
  for (auto& [name, why] : x.at("unchanged").as_object())
    text += "  " + std::string{name} + " unchanged: " + std::string{why.as_string()} + '\n';
  if (auto saved = x.if_contains("saved"); saved && saved->is_string())
    text += "saved to " + std::string{saved->as_string()} + '\n';
  else if (auto err = x.if_contains("save_error"))
    text += "NOT saved: " + std::string{err->as_string()} + '\n';
  else
    text += "not saved (the mapper has no 'calibration' file)\n";
  return text;
}

} // namespace

caf::result<std::string> calibrate(inspector_self self, const args& xs) {
  double seconds = 0;
  std::string name = "mapper";
  if (xs.size() > 2)
    return error_response("usage: calibrate [SECONDS] [NAME]");
  if (!xs.empty()) {
    try {
      size_t used = 0;
      seconds = std::stod(xs[0], &used);
      if (used != xs[0].size() || !(seconds >= 0 && seconds <= max_calibration_s))
        seconds = -1;
    } catch (const std::exception&) {
      seconds = -1;
    }
    if (seconds < 0)
      return error_response("SECONDS must be a number in [0, 50] (0: the mapper's calibration-time)");
  }
  if (xs.size() == 2)
    name = xs[1];
  std::string error;
  auto entry = find_name(self, {name}, error);
  if (entry == nullptr)
    return error_response(error);
  if (auto node = entry->proxy->remote_node(); !node.empty())
    return forward_to(self, node, "calibrate " + (xs.empty() ? std::string{"0"} : xs[0]) + " " + name);
  auto current = entry->proxy->current();
  if (!current)
    return error_response(name + " is " + to_string(entry->proxy->status()));
  auto promise = self->make_response_promise<std::string>();
  // Without SECONDS the mapper takes its `calibration-time` (at most 50 s).
  const auto timeout = std::chrono::seconds{static_cast<long>(std::ceil(seconds == 0 ? max_calibration_s : seconds)) + 10};
  self->request(current, timeout, atom::calibrate_v, seconds)
    .then(
      [promise, name](const std::string& answer) mutable {
        boost::system::error_code err;
        auto parsed = boost::json::parse(answer, err);
        auto obj = err ? nullptr : parsed.if_object();
        if (obj == nullptr)
          promise.deliver(error_response(name + " answered no calibration: " + answer));
        else if (auto what = obj->if_contains("error"); what && what->is_string())
          promise.deliver(error_response(name + ": " + std::string{what->as_string()}));
        else
          promise.deliver(ok_response(render_calibration(*obj), parsed));
      },
      [promise, name](caf::error& err) mutable {
        promise.deliver(error_response(name + " did not answer: " + caf::to_string(err)));
      });
  return promise;
}

} // namespace lume::commands

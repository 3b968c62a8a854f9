#include "actors/sensors/phone_routes.hpp"

#include <caf/settings.hpp>

namespace lume {

namespace {

std::variant<net::phone_osc_route, std::string> read_route(const caf::settings& entry) {
  net::phone_osc_route route;
  for (auto& [key, value] : entry)
    if (key != "pattern" && key != "field" && key != "scale" && key != "order")
      return "unknown key '" + key + "' (pattern, field, scale, order)";
  route.pattern = caf::get_or(entry, "pattern", std::string{});
  if (route.pattern.empty() || route.pattern[0] != '/')
    return std::string{"'pattern' must be an OSC address pattern starting with '/'"};
  auto field = caf::get_or(entry, "field", std::string{});
  if (field == "acceleration")
    route.field = net::phone_motion_field::acceleration;
  else if (field == "rotation_rate")
    route.field = net::phone_motion_field::rotation_rate;
  else if (field == "attitude")
    route.field = net::phone_motion_field::attitude;
  else
    return "unknown field '" + field + "' (acceleration, rotation_rate, attitude)";
  if (auto scale = caf::get_if<double>(&entry, "scale"))
    route.scale = static_cast<float>(*scale);
  else if (auto whole = caf::get_if<int64_t>(&entry, "scale"))
    route.scale = static_cast<float>(*whole);
  auto order = caf::get_or(entry, "order", std::string{"xyzw"});
  if (order == "xyzw")
    route.order = net::quaternion_order::xyzw;
  else if (order == "wxyz")
    route.order = net::quaternion_order::wxyz;
  else
    return "unknown order '" + order + "' (xyzw, wxyz)";
  return route;
}

} // namespace

std::variant<std::vector<net::phone_osc_route>, std::string>
read_phone_routes(const caf::config_value& value) {
  auto entries = caf::get_if<caf::config_value::list>(&value);
  if (entries == nullptr)
    return std::string{"routes: expected a list [{pattern, field, ...}, ...]"};
  if (entries->empty())
    return net::zig_sim_routes();
  std::vector<net::phone_osc_route> routes;
  for (size_t i = 0; i < entries->size(); ++i) {
    auto entry = caf::get_if<caf::settings>(&(*entries)[i]);
    if (entry == nullptr)
      return "routes[" + std::to_string(i) + "]: expected { pattern = ..., field = ... }";
    auto route = read_route(*entry);
    if (auto err = std::get_if<std::string>(&route))
      return "routes[" + std::to_string(i) + "]: " + *err;
    routes.push_back(std::get<net::phone_osc_route>(route));
  }
  return routes;
}

} // namespace lume

#include "actors/inference/prompt_table.hpp"

#include <algorithm>

namespace lume {

namespace {

std::optional<double> number(const caf::config_value& x) {
  if (auto d = caf::get_if<double>(&x))
    return *d;
  if (auto i = caf::get_if<int64_t>(&x))
    return static_cast<double>(*i);
  return std::nullopt;
}

} // namespace

std::variant<prompt_table, std::string> prompt_table::read(const caf::settings& prompts) {
  prompt_table result;
  for (auto& [scene, value] : prompts) {
    auto where = "scene '" + scene + "': ";
    auto entry = caf::get_if<caf::settings>(&value);
    if (!entry)
      return where + "expected { prompt = \"...\", negative = \"...\", strength = 0.45 }";
    scene_prompt p;
    for (auto& [key, x] : *entry) {
      if (key == "prompt" || key == "negative") {
        auto text = caf::get_if<std::string>(&x);
        if (!text)
          return where + "'" + key + "' must be a string";
        (key == "prompt" ? p.prompt : p.negative) = *text;
      } else if (key == "strength") {
        auto s = number(x);
        if (!s || *s < 0 || *s > 1)
          return where + "'strength' must be a number in [0, 1]";
        p.strength = *s;
      } else {
        return where + "unknown key '" + key + "' (prompt, negative, strength)";
      }
    }
    if (p.prompt.empty())
      return where + "'prompt' is missing";
    result.entries_.emplace(scene, std::move(p));
  }
  if (result.entries_.empty())
    return std::string{"'prompts' names no scene"};
  return result;
}

const scene_prompt* prompt_table::find(const std::string& scene) const {
  if (auto i = entries_.find(scene); i != entries_.end())
    return &i->second;
  if (auto i = entries_.find("default"); i != entries_.end())
    return &i->second;
  return nullptr;
}

std::variant<strength_modulation, std::string> read_strength_modulation(const caf::settings& x) {
  strength_modulation result;
  for (auto& [key, value] : x) {
    if (key == "param") {
      auto name = caf::get_if<std::string>(&value);
      if (!name || name->empty())
        return std::string{"'param' names a music parameter"};
      result.param = *name;
    } else if (key == "range") {
      auto list = caf::get_if<caf::config_value::list>(&value);
      std::optional<double> low, high;
      if (list && list->size() == 2) {
        low = number((*list)[0]);
        high = number((*list)[1]);
      }
      if (!low || !high || *low < 0 || *low > 1 || *high < 0 || *high > 1)
        return std::string{"'range' must be two strengths in [0, 1]"};
      result.low = *low;
      result.high = *high;
    } else {
      return "unknown key '" + key + "' (param, range)";
    }
  }
  if (result.param.empty())
    return std::string{"'param' names a music parameter"};
  return result;
}

double modulated_strength(const scene_prompt& base, const std::optional<strength_modulation>& modulation,
                          std::optional<double> value) {
  if (!modulation || !value)
    return base.strength;
  auto t = std::clamp(*value, 0.0, 1.0);
  return modulation->low + (modulation->high - modulation->low) * t;
}

} // namespace lume

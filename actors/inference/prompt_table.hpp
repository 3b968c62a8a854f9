#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>

#include <caf/settings.hpp>

namespace lume {

/// What the server is asked for in one scene.
struct scene_prompt {
  std::string prompt;
  std::string negative;
  double strength = 0.45;
};

/// How a music parameter moves the strength: a value in [0, 1] of `param`
/// maps linearly onto [low, high] (option `strength-from`).
struct strength_modulation {
  std::string param;
  double low = 0.3;
  double high = 0.7;
};

/// The scene → prompt table of the config (option `prompts`), following the
/// director's current scene. A scene without an entry takes `default`.
class prompt_table {
public:
  /// Reads `{ SCENE = { prompt = "...", negative = "...", strength = 0.45 }, ... }`;
  /// the error names the scene and key.
  static std::variant<prompt_table, std::string> read(const caf::settings& prompts);

  /// The entry of `scene`, else the `default` one, else nothing.
  const scene_prompt* find(const std::string& scene) const;

  const std::map<std::string, scene_prompt>& entries() const {
    return entries_;
  }

private:
  std::map<std::string, scene_prompt> entries_;
};

/// Reads `{ param = "energy", range = [0.3, 0.7] }`.
std::variant<strength_modulation, std::string> read_strength_modulation(const caf::settings& x);

/// The strength of `base` after `modulation` with the parameter's value
/// (none: the table's strength).
double modulated_strength(const scene_prompt& base, const std::optional<strength_modulation>& modulation,
                          std::optional<double> value);

} // namespace lume

#include "system/node/load_config.hpp"

#include <fstream>
#include <sstream>

namespace lume {

namespace {

/// CAF 0.17 takes boolean options only as bare flags (`--lume.clock.link`);
/// LUME also accepts `--key=true` and `--key=false`. Returns the boolean
/// assignments removed from `args`, or an error for a value that is no bool.
std::variant<std::vector<std::pair<std::string, bool>>, config_error>
take_bool_assignments(const caf::config_option_set& options, std::vector<std::string>& args) {
  std::vector<std::pair<std::string, bool>> result;
  std::vector<std::string> rest;
  for (auto& arg : args) {
    auto eq = arg.find('=');
    auto dot = arg.rfind('.', eq);
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos || dot == std::string::npos) {
      rest.push_back(arg);
      continue;
    }
    auto key = arg.substr(2, eq - 2);
    auto opt = options.qualified_name_lookup(key.substr(0, key.rfind('.')),
                                             key.substr(key.rfind('.') + 1));
    if (opt == nullptr || !opt->is_flag()) {
      rest.push_back(arg);
      continue;
    }
    auto value = arg.substr(eq + 1);
    if (value != "true" && value != "false")
      return config_error{"", 0, key, "expects true or false, got '" + value + "'"};
    result.emplace_back(key, value == "true");
  }
  args = std::move(rest);
  return result;
}

} // namespace

std::variant<node_config, config_error> load_config(system_config& cfg,
                                                    const std::string& file,
                                                    std::vector<std::string> args,
                                                    const kind_catalog& kinds) {
  auto doc = read_ini_document(file);
  if (auto err = std::get_if<config_error>(&doc))
    return *err;
  auto& ini = std::get<ini_document>(doc);
  if (auto errors = check_keys(ini, cfg.options()); !errors.empty())
    return errors.front();
  auto bools = take_bool_assignments(cfg.options(), args);
  if (auto err = std::get_if<config_error>(&bools))
    return *err;
  std::ifstream text{file};
  if (auto err = cfg.parse(std::move(args), text))
    return config_error{"", 0, "", "bad argument: " + cfg.render(err)};
  for (auto& [key, value] : std::get<0>(bools))
    caf::put(cfg.content, key, value);
  return make_node_config(ini, cfg.content, [&kinds](const std::string& kind) {
    return kinds.options_of(kind);
  });
}

} // namespace lume

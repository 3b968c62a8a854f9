#include "system/node/load_config.hpp"

#include <fstream>
#include <sstream>

namespace lume {

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
  std::ifstream text{file};
  if (auto err = cfg.parse(std::move(args), text))
    return config_error{"", 0, "", "bad argument: " + cfg.render(err)};
  return make_node_config(ini, cfg.content, [&kinds](const std::string& kind) {
    return kinds.options_of(kind);
  });
}

} // namespace lume

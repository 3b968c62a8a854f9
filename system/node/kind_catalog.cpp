#include "system/node/kind_catalog.hpp"

namespace lume {

void kind_catalog::add(actor_kind kind) {
  auto name = kind.name;
  kinds_.emplace(std::move(name), std::move(kind));
}

const actor_kind* kind_catalog::find(const std::string& name) const {
  auto i = kinds_.find(name);
  return i == kinds_.end() ? nullptr : &i->second;
}

const caf::config_option_set* kind_catalog::options_of(const std::string& name) const {
  auto kind = find(name);
  return kind ? &kind->options : nullptr;
}

std::vector<std::string> kind_catalog::names() const {
  std::vector<std::string> result;
  for (auto& kv : kinds_)
    result.push_back(kv.first);
  return result;
}

} // namespace lume

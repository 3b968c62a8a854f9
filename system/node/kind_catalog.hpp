#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/config_option_set.hpp>
#include <caf/expected.hpp>

#include "system/config/node_config.hpp"

namespace lume {

struct node_context;

/// Spawns one incarnation of an actor kind from its validated spec.
using spawn_fn = std::function<caf::expected<caf::actor>(
  caf::actor_system& sys, const child_spec& spec,
  const std::shared_ptr<const node_context>& ctx)>;

/// An actor kind the config may name: its options (category "options") and
/// how to spawn it.
struct actor_kind {
  std::string name;
  std::string summary;
  caf::config_option_set options;
  spawn_fn spawn;
};

/// The table from kind names to kinds (VAST's component table, our config's
/// `kind = "..."`). `supervisor` is built in.
class kind_catalog {
public:
  void add(actor_kind kind);

  const actor_kind* find(const std::string& name) const;

  /// Option set of `name`, for config validation; nullptr if unknown.
  const caf::config_option_set* options_of(const std::string& name) const;

  std::vector<std::string> names() const;

private:
  std::map<std::string, actor_kind> kinds_;
};

} // namespace lume

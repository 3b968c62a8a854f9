#include "system/config/node_config.hpp"

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <set>

#include <caf/config_option_adder.hpp>
#include <caf/config_value.hpp>

#include "system/config/inspect_options.hpp"

namespace lume {

const char* to_string(restart_type x) {
  switch (x) {
    case restart_type::permanent: return "permanent";
    case restart_type::transient: return "transient";
    case restart_type::temporary: return "temporary";
  }
  return "?";
}

const char* to_string(restart_strategy x) {
  switch (x) {
    case restart_strategy::one_for_one: return "one_for_one";
    case restart_strategy::one_for_all: return "one_for_all";
    case restart_strategy::rest_for_one: return "rest_for_one";
  }
  return "?";
}

void add_lume_options(caf::config_option_set& options) {
  caf::config_option_adder{options, "lume"}
    .add<std::string>("node", "name of this node in the mesh")
    .add<uint16_t>("inspect-port", "TCP port of the inspection service (0 = off)")
    .add<std::string>("inspect-address", "address the inspection service binds to")
    .add<size_t>("restart-queue", "messages a name buffers while its actor restarts")
    .add<std::string>("log-level", "trace, debug, info, warn, error or off");
  add_inspect_options(options);
  caf::config_option_adder{options, "lume.mesh"}
    .add<uint16_t>("port", "BASP port of this node (0: no mesh)")
    .add<std::string>("address", "address the BASP port binds to (empty: all)")
    .add<std::vector<std::string>>("peers", "the other nodes, as name@host:port")
    .add<caf::timespan>("heartbeat", "interval of membership heartbeats")
    .add<caf::timespan>("suspect-after", "silence after which a peer is suspect")
    .add<caf::timespan>("down-after", "silence after which a peer is down")
    .add<caf::timespan>("reconnect", "interval of reconnection attempts")
    .add<caf::timespan>("failback-after",
                        "a node must be up this long before an actor moves back to it (1s)")
    .add<caf::timespan>("checkpoint-interval", "at most one checkpoint per actor this often");
  caf::config_option_adder{options, "lume.mesh.tls"}
    .add<bool>("enabled", "BASP over TLS: peers need a certificate of the mesh CA")
    .add<std::string>("ca", "PEM certificate of the mesh CA (relative: to the config file)")
    .add<std::string>("certificate", "PEM certificate of this node, signed by the mesh CA")
    .add<std::string>("key", "PEM private key of this node's certificate")
    .add<std::string>("passphrase", "passphrase of an encrypted key");
  caf::config_option_adder{options, "lume.clock"}
    .add<bool>("link", "join the Ableton Link session (false: local timeline only)")
    .add<double>("tempo", "initial tempo in BPM")
    .add<double>("quantum", "beats per bar, the phase alignment unit of Link");
}

namespace {

using dictionary = caf::config_value::dictionary;

void check_category(const ini_document& doc, const caf::config_option_set& options,
                    const std::string& prefix, const dictionary& xs,
                    std::vector<config_error>& errors) {
  for (auto& [key, value] : xs) {
    auto full = prefix.empty() ? key : prefix + '.' + key;
    if (full == "lume.actors")
      continue; // Checked entry by entry in make_node_config.
    auto dot = full.rfind('.');
    auto opt = dot == std::string::npos
                 ? nullptr
                 : options.qualified_name_lookup(full.substr(0, dot), full.substr(dot + 1));
    if (opt != nullptr) {
      if (auto err = opt->check(value))
        errors.push_back({doc.file, doc.line_of(full), full,
                          "expects a value of type " + std::string(opt->type_name().data(), opt->type_name().size())
                            + ", got " + caf::to_string(value)});
      continue;
    }
    if (auto sub = caf::get_if<dictionary>(&value); sub && !prefix.empty()) {
      check_category(doc, options, full, *sub, errors);
      continue;
    }
    if (auto sub = caf::get_if<dictionary>(&value); sub && prefix.empty()) {
      check_category(doc, options, key == "global" ? "" : key, *sub, errors);
      continue;
    }
    errors.push_back({doc.file, doc.line_of(full), full, "unknown key"});
  }
}

/// Reads the fields of one `lume.actors` entry, naming the entry's keys.
class entry_reader {
public:
  entry_reader(const ini_document& doc, std::string path, const dictionary& xs)
    : doc_(doc), path_(std::move(path)), xs_(xs) {
  }

  config_error error(const std::string& key, std::string message) const {
    auto full = key.empty() ? path_ : path_ + '.' + key;
    return {doc_.file, doc_.line_of(full), full, std::move(message)};
  }

  /// Reads `key` into `out`, which keeps its value when the key is absent.
  template <class T>
  std::optional<config_error> read(const std::string& key, T& out) const {
    used_.insert(key);
    auto i = xs_.find(key);
    if (i == xs_.end())
      return std::nullopt;
    if (auto x = caf::get_if<T>(&i->second)) {
      out = *x;
      return std::nullopt;
    }
    return error(key, "expects a " + type_label<T>() + ", got " + caf::to_string(i->second));
  }

  std::optional<config_error> first_unused() const {
    for (auto& kv : xs_)
      if (used_.count(kv.first) == 0)
        return error(kv.first, "unknown key");
    return std::nullopt;
  }

  const dictionary* options() const {
    used_.insert("options");
    auto i = xs_.find("options");
    return i == xs_.end() ? nullptr : caf::get_if<dictionary>(&i->second);
  }

  const std::string& path() const {
    return path_;
  }

private:
  template <class T>
  static std::string type_label() {
    if constexpr (std::is_same<T, std::string>::value)
      return "string";
    else if constexpr (std::is_same<T, bool>::value)
      return "boolean";
    else if constexpr (std::is_same<T, std::vector<std::string>>::value)
      return "list of strings";
    else if constexpr (std::is_same<T, caf::timespan>::value)
      return "timespan (e.g. 250ms)";
    else
      return "integer";
  }

  const ini_document& doc_;
  std::string path_;
  const dictionary& xs_;
  mutable std::set<std::string> used_;
};

template <class Enum, size_t N>
std::optional<Enum> parse_enum(const std::string& text, const Enum (&values)[N]) {
  for (auto x : values)
    if (text == to_string(x))
      return x;
  return std::nullopt;
}

constexpr restart_type all_restart_types[] = {
  restart_type::permanent, restart_type::transient, restart_type::temporary};
constexpr restart_strategy all_strategies[] = {
  restart_strategy::one_for_one, restart_strategy::one_for_all,
  restart_strategy::rest_for_one};

/// The first error of reads made in order, if any.
std::optional<config_error>
first_error(std::initializer_list<std::optional<config_error>> results) {
  for (auto& x : results)
    if (x)
      return x;
  return std::nullopt;
}

std::variant<child_spec, config_error>
read_child(const entry_reader& in, const kind_options_lookup& kinds) {
  child_spec spec;
  std::string restart = "permanent";
  if (auto err = first_error({in.read("name", spec.name), in.read("kind", spec.kind),
                              in.read("supervisor", spec.supervisor),
                              in.read("restart", restart), in.read("shutdown", spec.shutdown)}))
    return *err;
  const auto& name = spec.name;
  const auto& kind = spec.kind;
  if (name.empty())
    return in.error("name", "every actor needs a name");
  if (kind.empty())
    return in.error("kind", "actor '" + name + "' needs a kind");
  if (auto x = parse_enum(restart, all_restart_types))
    spec.restart = *x;
  else
    return in.error("restart", "unknown restart type '" + restart
                                 + "' (permanent, transient, temporary)");
  std::string placement = "pinned";
  if (auto err = first_error({in.read("placement", placement), in.read("nodes", spec.nodes),
                              in.read("failback", spec.failback)}))
    return *err;
  if (placement != "pinned" && placement != "movable")
    return in.error("placement", "expects \"pinned\" or \"movable\", got '" + placement + "'");
  spec.movable = placement == "movable";
  if (spec.movable && spec.nodes.empty())
    return in.error("nodes", "a movable actor needs the ordered list of nodes it may run on");
  if (!spec.movable && !spec.nodes.empty())
    return in.error("nodes", "only movable actors take a list of nodes");
  if (spec.is_supervisor()) {
    std::string strategy = "one_for_one";
    int64_t intensity = 1;
    if (auto err = first_error({in.read("strategy", strategy), in.read("intensity", intensity),
                                in.read("period", spec.flags.period)}))
      return *err;
    if (auto x = parse_enum(strategy, all_strategies))
      spec.flags.strategy = *x;
    else
      return in.error("strategy", "unknown strategy '" + strategy
                                    + "' (one_for_one, one_for_all, rest_for_one)");
    if (intensity < 0)
      return in.error("intensity", "must not be negative");
    spec.flags.intensity = static_cast<int>(intensity);
  } else {
    auto options = kinds(kind);
    if (options == nullptr)
      return in.error("kind", "unknown actor kind '" + kind + "'");
    if (auto xs = in.options()) {
      for (auto& [key, value] : *xs) {
        auto opt = options->qualified_name_lookup("options", key);
        if (opt == nullptr)
          return in.error("options." + key, "unknown option of kind '" + kind + "'");
        if (auto err = opt->check(value))
          return in.error("options." + key, "expects a value of type "
                                              + std::string(opt->type_name().data(), opt->type_name().size())
                                              + ", got " + caf::to_string(value));
      }
      spec.options = *xs;
    }
  }
  if (auto err = in.first_unused())
    return *err;
  return spec;
}

} // namespace

std::vector<config_error> check_keys(const ini_document& doc,
                                     const caf::config_option_set& options) {
  std::vector<config_error> errors;
  check_category(doc, options, "", doc.content, errors);
  return errors;
}

std::variant<node_config, config_error>
make_node_config(const ini_document& doc, const caf::settings& merged,
                 kind_options_lookup kinds) {
  node_config cfg;
  cfg.file = doc.file;
  auto fail = [&](const std::string& key, std::string message) {
    return config_error{doc.file, doc.line_of(key), key, std::move(message)};
  };
  cfg.node = caf::get_or(merged, "lume.node", std::string{});
  if (cfg.node.empty())
    return fail("lume.node", "every node needs a name");
  cfg.inspect_port = caf::get_or(merged, "lume.inspect-port", uint16_t{0});
  cfg.inspect_address = caf::get_or(merged, "lume.inspect-address", cfg.inspect_address);
  if (auto err = read_inspect_config(doc, merged, cfg.inspect))
    return *err;
  cfg.restart_queue = caf::get_or(merged, "lume.restart-queue", cfg.restart_queue);
  cfg.log_level = caf::get_or(merged, "lume.log-level", cfg.log_level);
  cfg.clock.link = caf::get_or(merged, "lume.clock.link", cfg.clock.link);
  cfg.clock.tempo = caf::get_or(merged, "lume.clock.tempo", cfg.clock.tempo);
  cfg.clock.quantum = caf::get_or(merged, "lume.clock.quantum", cfg.clock.quantum);
  if (cfg.clock.tempo < 20 || cfg.clock.tempo > 999)
    return fail("lume.clock.tempo", "must be within [20, 999] BPM (Link's range)");
  if (cfg.clock.quantum <= 0)
    return fail("lume.clock.quantum", "must be positive");
  auto& mesh = cfg.mesh;
  mesh.port = caf::get_or(merged, "lume.mesh.port", mesh.port);
  mesh.address = caf::get_or(merged, "lume.mesh.address", mesh.address);
  mesh.heartbeat = caf::get_or(merged, "lume.mesh.heartbeat", mesh.heartbeat);
  mesh.suspect_after = caf::get_or(merged, "lume.mesh.suspect-after", mesh.suspect_after);
  mesh.down_after = caf::get_or(merged, "lume.mesh.down-after", mesh.down_after);
  mesh.reconnect = caf::get_or(merged, "lume.mesh.reconnect", mesh.reconnect);
  mesh.failback_after = caf::get_or(merged, "lume.mesh.failback-after", mesh.failback_after);
  if (mesh.failback_after < caf::timespan{0})
    return fail("lume.mesh.failback-after", "must not be negative");
  mesh.checkpoint_interval
    = caf::get_or(merged, "lume.mesh.checkpoint-interval", mesh.checkpoint_interval);
  if (!(mesh.heartbeat < mesh.suspect_after && mesh.suspect_after < mesh.down_after))
    return fail("lume.mesh.down-after",
                "expects heartbeat < suspect-after < down-after");
  for (auto& text : caf::get_or(merged, "lume.mesh.peers", std::vector<std::string>{})) {
    auto at = text.find('@');
    auto colon = text.rfind(':');
    peer_address peer;
    if (at != std::string::npos && colon != std::string::npos && at + 1 < colon) {
      peer.name = text.substr(0, at);
      peer.host = text.substr(at + 1, colon - at - 1);
      auto port = std::strtoul(text.c_str() + colon + 1, nullptr, 10);
      peer.port = port > 0 && port < 65536 ? static_cast<uint16_t>(port) : 0;
    }
    if (peer.name.empty() || peer.host.empty() || peer.port == 0)
      return fail("lume.mesh.peers", "expects name@host:port, got '" + text + "'");
    if (peer.name == cfg.node)
      return fail("lume.mesh.peers", "lists this node itself: '" + text + "'");
    mesh.peers.push_back(std::move(peer));
  }
  auto& tls = mesh.tls;
  tls.enabled = caf::get_or(merged, "lume.mesh.tls.enabled", tls.enabled);
  tls.passphrase = caf::get_or(merged, "lume.mesh.tls.passphrase", tls.passphrase);
  auto folder = std::filesystem::path{doc.file}.parent_path();
  for (auto [key, path] : {std::pair{"ca", &tls.ca}, std::pair{"certificate", &tls.certificate},
                           std::pair{"key", &tls.key}}) {
    auto qualified = std::string{"lume.mesh.tls."} + key;
    *path = caf::get_or(merged, qualified, std::string{});
    if (!path->empty())
      *path = (folder / *path).lexically_normal().string();
    else if (tls.enabled && mesh.port != 0)
      return fail(qualified,
                  "TLS is enabled: needs the path of a PEM file");
  }
  auto actors = caf::get_if<caf::config_value::list>(&merged, "lume.actors");
  if (!actors || actors->empty())
    return fail("lume.actors", "the actor tree is empty: at least a root supervisor");
  std::set<std::string> names;
  std::set<std::string> supervisors;
  for (size_t i = 0; i < actors->size(); ++i) {
    auto path = "lume.actors[" + std::to_string(i) + "]";
    auto entry = caf::get_if<dictionary>(&(*actors)[i]);
    if (entry == nullptr)
      return fail(path, "expects a map such as { name = \"x\", kind = \"y\" }");
    entry_reader in{doc, path, *entry};
    auto child = read_child(in, kinds);
    if (auto err = std::get_if<config_error>(&child))
      return *err;
    auto& spec = std::get<child_spec>(child);
    if (!names.insert(spec.name).second)
      return in.error("name", "duplicate actor name '" + spec.name + "'");
    if (i == 0 && (!spec.is_supervisor() || !spec.supervisor.empty()))
      return in.error("kind", "the first actor must be the root supervisor (no 'supervisor' key)");
    if (i > 0 && spec.supervisor.empty())
      return in.error("supervisor", "actor '" + spec.name + "' needs a supervisor");
    if (i > 0 && supervisors.count(spec.supervisor) == 0)
      return in.error("supervisor", "unknown supervisor '" + spec.supervisor
                                      + "' (supervisors must be listed before their children)");
    if (spec.movable && spec.is_supervisor())
      return in.error("placement", "supervisors are pinned; make their children movable");
    if (spec.movable
        && std::find(spec.nodes.begin(), spec.nodes.end(), cfg.node) == spec.nodes.end())
      return in.error("nodes", "movable actor '" + spec.name + "' does not list this node '"
                                 + cfg.node + "'");
    if (spec.is_supervisor())
      supervisors.insert(spec.name);
    cfg.actors.push_back(std::move(spec));
  }
  return cfg;
}

} // namespace lume

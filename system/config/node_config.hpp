#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include <caf/config_option_set.hpp>
#include <caf/settings.hpp>
#include <caf/timespan.hpp>

#include "system/config/config_error.hpp"
#include "system/config/inspect_config.hpp"
#include "system/config/ini_document.hpp"

namespace lume {

/// OTP restart types of a child.
enum class restart_type { permanent, transient, temporary };

/// OTP supervisor strategies.
enum class restart_strategy { one_for_one, one_for_all, rest_for_one };

const char* to_string(restart_type x);
const char* to_string(restart_strategy x);

/// OTP supervisor flags: at most `intensity` restarts within `period`.
struct supervisor_flags {
  restart_strategy strategy = restart_strategy::one_for_one;
  int intensity = 1;
  caf::timespan period = std::chrono::seconds{5};
};

/// One entry of `lume.actors`: a worker or a supervisor of this node.
struct child_spec {
  std::string name;
  std::string kind;
  /// Name of the parent supervisor; empty for the root supervisor.
  std::string supervisor;
  restart_type restart = restart_type::permanent;
  /// How long the parent waits for the child to stop before killing it.
  caf::timespan shutdown = std::chrono::seconds{5};
  /// Only for `kind = "supervisor"`.
  supervisor_flags flags;
  /// Kind-specific options, validated against the kind's option set.
  caf::settings options;
  /// Movable actors run on the first surviving node of `nodes`; pinned ones
  /// only on the node whose config lists them.
  bool movable = false;
  std::vector<std::string> nodes;
  /// Move back to the preferred node when it returns.
  bool failback = true;

  bool is_supervisor() const {
    return kind == "supervisor";
  }
};

/// `lume.clock.*`: the node's beat clock.
struct clock_config {
  /// Join the Link session; false keeps the timeline local (no multicast).
  bool link = false;
  double tempo = 120;
  double quantum = 4;
};

/// A peer of the mesh: `name@host:port`.
struct peer_address {
  std::string name;
  std::string host;
  uint16_t port = 0;
};

/// `lume.mesh.tls.*`: BASP over TLS. Every node of one mesh holds a
/// certificate signed by the mesh's CA and refuses peers without one.
/// Paths are absolute once loaded (the file gives them relative to its folder).
struct mesh_tls_config {
  bool enabled = false;
  /// PEM certificate of the mesh CA that signs every node's certificate.
  std::string ca;
  /// PEM certificate of this node and its private key.
  std::string certificate;
  std::string key;
  /// Decrypts `key` if it is encrypted; empty: it is not.
  std::string passphrase;
};

/// `lume.mesh.*`: membership and failure detection.
struct mesh_config {
  /// BASP port of this node; 0 runs the node alone (no mesh).
  uint16_t port = 0;
  /// Address the BASP port binds to (empty: every interface).
  std::string address;
  std::vector<peer_address> peers;
  caf::timespan heartbeat = std::chrono::milliseconds{50};
  caf::timespan suspect_after = std::chrono::milliseconds{150};
  caf::timespan down_after = std::chrono::milliseconds{300};
  caf::timespan reconnect = std::chrono::milliseconds{200};
  /// A movable actor moves back to a node earlier in its list (failback,
  /// a `move`) only once that node has been up both ways this long: a
  /// node that comes and goes under loss does not drag the actor along.
  caf::timespan failback_after = std::chrono::seconds{1};
  /// Movable actors checkpoint their state at most this often.
  caf::timespan checkpoint_interval = std::chrono::milliseconds{20};
  mesh_tls_config tls;
};

/// Everything `lume.*` of one node, validated.
struct node_config {
  std::string file;
  std::string node;
  uint16_t inspect_port = 0;
  std::string inspect_address = "127.0.0.1";
  /// `lume.inspect.*`: the token and the limits of the inspection port.
  inspect_config inspect;
  /// Messages a name buffers while its actor restarts.
  size_t restart_queue = 1024;
  std::string log_level = "warn";
  clock_config clock;
  mesh_config mesh;
  /// In start order; the first entry is the root supervisor.
  std::vector<child_spec> actors;
};

/// Looks up the option set of an actor kind; nullptr for an unknown kind.
using kind_options_lookup
  = std::function<const caf::config_option_set*(const std::string& kind)>;

/// Adds the `lume.*` options to `options` (so CAF's CLI parser knows them).
void add_lume_options(caf::config_option_set& options);

/// Checks every key of `doc` against `options` (CAF's and LUME's): unknown
/// keys and wrong types name file, line and key.
std::vector<config_error> check_keys(const ini_document& doc,
                                     const caf::config_option_set& options);

/// Builds the node config from the merged settings (file + command line).
/// `doc` locates errors in the file.
std::variant<node_config, config_error>
make_node_config(const ini_document& doc, const caf::settings& merged,
                 kind_options_lookup kinds);

} // namespace lume

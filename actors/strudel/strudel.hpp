#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <boost/describe/class.hpp>
#include <boost/json/object.hpp>
#include <caf/actor_clock.hpp>
#include <spdlog/logger.h>

#include "actors/show/protocols.hpp"
#include "actors/strudel/host_link.hpp"
#include "system/mesh/checkpointer.hpp"
#include "system/messages/described.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct node_context;

/// What a movable bridge checkpoints: the code in play and the newest
/// session state and cut it has applied (so a failover neither repeats nor
/// reverts a swap).
struct strudel_checkpoint {
  static constexpr const char* type_name = "lume::strudel_checkpoint";
  std::string code;
  uint64_t code_id = 0;
  double at_beat = -1;
  std::string section;
  uint64_t session_epoch = 0;
  uint64_t session_seq = 0;
  uint64_t cut_epoch = 0;
  uint64_t cut_seq = 0;
};
BOOST_DESCRIBE_STRUCT(strudel_checkpoint, (), (code, code_id, at_beat, section, session_epoch,
                                               session_seq, cut_epoch, cut_seq))

struct strudel_config {
  std::string host = "127.0.0.1";
  std::string port = "9600";
  /// Params go out at most this often (Hz).
  int64_t max_rate = 100;
  /// The clock goes out at least this often.
  caf::timespan clock_interval = std::chrono::seconds{1};
  std::chrono::milliseconds retry{200};
  std::chrono::milliseconds retry_max{5000};
  /// Played until a session state or a section cut brings code.
  std::string fallback_code;
  /// Code per section name, for director cuts of kind "section".
  std::map<std::string, std::string> sections;
  double quantum = 4;
  std::string node;
  uint64_t epoch = 0;
};

struct strudel_state {
  static inline const char* name = "strudel";

  strudel_config config;
  std::shared_ptr<const node_context> ctx;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<host_link> link;
  std::shared_ptr<checkpointer> checkpoints;
  strudel_checkpoint progress;

  std::map<std::string, double> params;
  bool params_dirty = false;
  bool flush_armed = false;
  caf::actor_clock::time_point params_sent_at{};
  /// The clock is due again (any clock message moves it).
  caf::actor_clock::time_point next_clock_at{};
  /// The periodic tick's own time.
  caf::actor_clock::time_point periodic_at{};

  std::string connection = "connecting";
  std::string connection_detail;
  boost::json::object host_health;
  boost::json::value last_host_error;
  int64_t code_applied_id = -1;
  double code_applied_beat = -1;

  std::map<std::string, uint64_t> sent;
  std::map<std::string, uint64_t> received;
  /// Host messages refused, by reason.
  std::map<std::string, uint64_t> refused;
  std::string last_refused;
  /// Our messages the host refused, by reason.
  std::map<std::string, uint64_t> host_refused;
  std::string last_host_refused;
  uint64_t stale_dropped = 0;
};

using strudel_self = strudel_actor::stateful_pointer<strudel_state>;

strudel_actor::behavior_type strudel(strudel_self self, std::shared_ptr<const node_context> ctx,
                                     strudel_config config,
                                     std::shared_ptr<checkpointer> checkpoints);

/// The `strudel` kind: options `host`, `max-rate`, `clock-interval`,
/// `retry`, `retry-max`, `code`, `sections`.
actor_kind strudel_kind();

} // namespace lume

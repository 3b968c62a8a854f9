#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include <boost/describe/class.hpp>
#include <caf/actor_clock.hpp>
#include <spdlog/logger.h>

#include "actors/inference/backoff.hpp"
#include "actors/inference/circuit_breaker.hpp"
#include "actors/inference/depth_image.hpp"
#include "actors/inference/prompt_table.hpp"
#include "actors/sensing/hop_set.hpp"
#include "actors/sensing/subscribers.hpp"
#include "actors/show/protocols.hpp"
#include "net/sdapi/sdapi_client.hpp"
#include "system/mesh/checkpointer.hpp"
#include "system/messages/described.hpp"
#include "system/node/kind_catalog.hpp"

namespace lume {

struct node_context;

/// The inference actor's settings, validated.
struct inference_config {
  net::sdapi_settings client;
  /// Only inputs whose `source` is this (empty: any source).
  std::string source;
  /// At most this many requests per second.
  double rate = 2;
  /// Retries of one input after a failure that may pass (connect, timeout,
  /// 5xx, io); 0 never retries.
  std::uint32_t retries = 2;
  caf::timespan backoff = std::chrono::milliseconds{250};
  caf::timespan backoff_max = std::chrono::seconds{5};
  breaker_settings breaker;
  /// While a request runs longer than this, its progress is polled this often.
  caf::timespan progress_interval = std::chrono::seconds{1};
  prompt_table prompts;
  std::optional<strength_modulation> modulation;
  /// Scene before the director's first cut.
  std::string scene = "default";
  depth_rendering depth;
  net::img2img_params request;
  std::vector<std::string> subscribers;
};

/// What a movable inference actor checkpoints: the scene and parameter it
/// follows, the sequence of its output, and what it submitted last, so that
/// the next incarnation neither loses the director's scene nor sends a frame
/// twice.
struct inference_checkpoint {
  static constexpr const char* type_name = "lume::inference_checkpoint";
  std::string scene;
  std::map<std::string, double> params;
  /// `seq` of the next styled frame.
  uint64_t seq = 0;
  /// ID of the next request.
  uint64_t next_request = 1;
  /// The request in flight (0: none).
  uint64_t in_flight = 0;
  /// Source and origin of the newest input submitted.
  std::string submitted_source;
  int64_t submitted_origin_us = 0;
};
BOOST_DESCRIBE_STRUCT(inference_checkpoint, (), (scene, params, seq, next_request, in_flight,
                                                 submitted_source, submitted_origin_us))

/// An input waiting to be styled (or being styled, kept for a retry).
struct inference_input {
  std::string source;
  int64_t origin_us = 0;
  /// A depth image, rendered when it is submitted, or a PNG as it came.
  std::variant<depth_frame, std::vector<uint8_t>> image;
  /// Retries so far.
  std::uint32_t attempt = 0;
};

/// Running sums of one cost, for `inspect` (ms).
struct cost_stats {
  std::uint64_t count = 0;
  double sum_ms = 0;
  double last_ms = 0;
  double max_ms = 0;

  void add(double ms);
  boost::json::object to_json() const;
};

struct inference_state {
  static inline const char* name = "inference";

  std::string name_;
  inference_config config;
  std::unique_ptr<net::sdapi_client> client;
  std::optional<circuit_breaker> breaker;
  std::optional<backoff> retry_delays;
  std::optional<subscriber_list> subscribers;
  std::shared_ptr<spdlog::logger> log;
  std::shared_ptr<checkpointer> checkpoints;
  uint64_t epoch = 0;
  inference_checkpoint progress;

  std::optional<inference_input> pending;
  /// The input of the request in flight.
  std::optional<inference_input> submitted;
  std::string submitted_prompt;
  int64_t submitted_at_us = 0;
  caf::actor_clock::time_point submitted_at;
  std::optional<caf::actor_clock::time_point> last_submit;
  /// No request before this (backoff after a failure).
  std::optional<caf::actor_clock::time_point> not_before;
  /// The earliest tick already scheduled.
  std::optional<caf::actor_clock::time_point> wake_at;
  caf::actor_clock::time_point next_progress_poll;

  std::uint64_t inputs = 0;
  std::uint64_t replaced = 0;
  std::uint64_t other_sources = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t unrenderable = 0;
  std::uint64_t no_prompt = 0;
  std::uint64_t submitted_count = 0;
  std::uint64_t styled = 0;
  std::uint64_t retried = 0;
  std::uint64_t given_up = 0;
  std::uint64_t stale_replies = 0;
  std::uint64_t interrupts_sent = 0;
  std::uint64_t interrupt_errors = 0;
  std::uint64_t progress_polls = 0;
  std::uint64_t scene_changes = 0;
  std::uint64_t takeovers_interrupted = 0;
  std::map<std::string, std::uint64_t> failures;
  std::string last_failure;
  /// The server's last progress answer (parsed), null if none or failed.
  boost::json::value server_progress;
  cost_stats encode, decode, exchange, compute, round_trip;
  hop_set in_hops;
  hop_set out_hops;
};

using inference_self = inference_actor::stateful_pointer<inference_state>;

/// Styles the newest input frame with an AUTOMATIC1111-compatible server
/// and publishes each result as a `styled_frame` (docs/architecture.md,
/// Inference). The HTTP client runs on its own thread and answers by
/// message; the actor keeps the rate, the retries with backoff and the
/// circuit breaker on the actor clock. Hops `NAME.in.SOURCE` (input
/// arrived) and `NAME.out.SOURCE` (styled frame sent). Movable, it
/// checkpoints inference_checkpoint.
inference_actor::behavior_type inference(inference_self self, std::shared_ptr<const node_context> ctx,
                                         std::string name, inference_config config,
                                         std::shared_ptr<checkpointer> checkpoints, uint64_t epoch);

/// The `inference` kind (options in inference_kind.cpp and docs/protocols.md).
actor_kind inference_kind();

} // namespace lume

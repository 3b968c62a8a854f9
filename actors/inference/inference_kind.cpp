#include <fstream>

#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>

#include "actors/inference/inference.hpp"
#include "actors/sensing/config_any.hpp"
#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

/// A number option given as an integer or a floating-point value.
std::optional<double> number_option(const caf::settings& options, const char* key, double fallback) {
  auto x = caf::get_if(&options, key);
  if (!x)
    return fallback;
  if (auto d = caf::get_if<double>(x))
    return *d;
  if (auto i = caf::get_if<int64_t>(x))
    return static_cast<double>(*i);
  return std::nullopt;
}

/// Reads and checks every option; the error names the option.
std::variant<inference_config, std::string> read_config(const caf::settings& options) {
  inference_config config;
  auto url = caf::get_or(options, "endpoint", std::string{"http://127.0.0.1:7860"});
  auto endpoint = net::parse_http_endpoint(url);
  if (auto err = std::get_if<std::string>(&endpoint))
    return "option 'endpoint': " + *err;
  config.client.endpoint = std::get<net::http_endpoint>(endpoint);
  config.client.ca_file = caf::get_or(options, "ca-file", std::string{});
  if (!config.client.ca_file.empty() && !std::ifstream{config.client.ca_file})
    return "option 'ca-file': cannot read '" + config.client.ca_file + "'";
  auto timeout = caf::get_or(options, "timeout", caf::timespan{std::chrono::seconds{10}});
  if (timeout < milliseconds{10})
    return std::string{"option 'timeout': at least 10ms"};
  config.client.timeout = duration_cast<milliseconds>(timeout);
  auto max_response = caf::get_or(options, "max-response-bytes", int64_t{32 << 20});
  if (max_response < 1024)
    return std::string{"option 'max-response-bytes': at least 1024"};
  config.client.max_response_bytes = static_cast<std::size_t>(max_response);
  auto max_side = caf::get_or(options, "max-side", int64_t{2048});
  if (max_side < 1 || max_side > 65535)
    return std::string{"option 'max-side': 1..65535 pixels"};
  config.client.max_side = static_cast<uint32_t>(max_side);
  config.source = caf::get_or(options, "source", std::string{});
  auto rate = number_option(options, "rate", 2);
  if (!rate || *rate <= 0 || *rate > 100)
    return std::string{"option 'rate': a number of requests per second in (0, 100]"};
  config.rate = *rate;
  auto retries = caf::get_or(options, "retries", int64_t{2});
  if (retries < 0 || retries > 10)
    return std::string{"option 'retries': 0..10"};
  config.retries = static_cast<uint32_t>(retries);
  config.backoff = caf::get_or(options, "backoff", config.backoff);
  config.backoff_max = caf::get_or(options, "backoff-max", config.backoff_max);
  if (config.backoff <= caf::timespan{0} || config.backoff_max < config.backoff)
    return std::string{"options 'backoff' and 'backoff-max': 0 < backoff ≤ backoff-max"};
  auto failures = caf::get_or(options, "breaker-failures", int64_t{5});
  if (failures < 1 || failures > 1000)
    return std::string{"option 'breaker-failures': 1..1000"};
  config.breaker.failures = static_cast<uint32_t>(failures);
  config.breaker.window = caf::get_or(options, "breaker-window", config.breaker.window);
  config.breaker.open_for = caf::get_or(options, "breaker-open", config.breaker.open_for);
  if (config.breaker.window <= caf::timespan{0} || config.breaker.open_for <= caf::timespan{0})
    return std::string{"options 'breaker-window' and 'breaker-open' must be positive durations"};
  config.progress_interval = caf::get_or(options, "progress-interval", config.progress_interval);
  if (config.progress_interval < milliseconds{10})
    return std::string{"option 'progress-interval': at least 10ms"};
  auto prompts = caf::get_if<caf::settings>(&options, "prompts");
  if (!prompts)
    return std::string{"option 'prompts': expected { SCENE = { prompt = \"...\" }, ... }"};
  auto table = prompt_table::read(*prompts);
  if (auto err = std::get_if<std::string>(&table))
    return "option 'prompts': " + *err;
  config.prompts = std::move(std::get<prompt_table>(table));
  if (options.contains("strength-from")) {
    auto x = caf::get_if<caf::settings>(&options, "strength-from");
    if (!x)
      return std::string{"option 'strength-from': expected { param = \"energy\", range = [0.3, 0.7] }"};
    auto modulation = read_strength_modulation(*x);
    if (auto err = std::get_if<std::string>(&modulation))
      return "option 'strength-from': " + *err;
    config.modulation = std::get<strength_modulation>(modulation);
  }
  config.scene = caf::get_or(options, "scene", config.scene);
  auto range = caf::get_or(options, "depth-range", std::vector<int64_t>{500, 4500});
  if (range.size() != 2 || range[0] < 0 || range[1] > 65535 || range[0] >= range[1])
    return std::string{"option 'depth-range': [NEAR, FAR] in mm, 0 ≤ NEAR < FAR ≤ 65535"};
  config.depth.near_mm = static_cast<uint16_t>(range[0]);
  config.depth.far_mm = static_cast<uint16_t>(range[1]);
  auto input_side = caf::get_or(options, "input-max-side", int64_t{256});
  if (input_side < 8 || input_side > 4096)
    return std::string{"option 'input-max-side': 8..4096 pixels"};
  config.depth.max_side = static_cast<uint32_t>(input_side);
  auto size = caf::get_or(options, "size", std::vector<int64_t>{512, 512});
  if (size.size() != 2 || size[0] < 8 || size[1] < 8 || size[0] > max_side || size[1] > max_side)
    return std::string{"option 'size': [WIDTH, HEIGHT], 8..max-side each"};
  config.request.width = static_cast<uint32_t>(size[0]);
  config.request.height = static_cast<uint32_t>(size[1]);
  auto steps = caf::get_or(options, "steps", int64_t{4});
  if (steps < 1 || steps > 150)
    return std::string{"option 'steps': 1..150"};
  config.request.steps = static_cast<int>(steps);
  config.request.seed = caf::get_or(options, "seed", int64_t{-1});
  config.subscribers = caf::get_or(options, "subscribers", std::vector<std::string>{});
  return config;
}

} // namespace

actor_kind inference_kind() {
  actor_kind kind;
  kind.name = "inference";
  kind.summary = "styles the newest frame with an AUTOMATIC1111 /sdapi/v1 server, sends styled_frame";
  caf::config_option_adder{kind.options, "options"}
    .add<std::string>("endpoint", "http(s)://host:port of the server (default http://127.0.0.1:7860)")
    .add<std::string>("ca-file", "PEM file of extra CA certificates for https")
    .add<caf::timespan>("timeout", "deadline of one request, then interrupt (default 10s)")
    .add<int64_t>("max-response-bytes", "largest answer accepted (default 33554432)")
    .add<int64_t>("max-side", "largest image side accepted, pixels (default 2048)")
    .add<std::string>("source", "only inputs whose source is this (default: any)")
    .add<caf::config_value>("rate", "at most this many requests per second (default 2)")
    .add<int64_t>("retries", "retries of one input after a transient failure (default 2)")
    .add<caf::timespan>("backoff", "first retry delay, doubled per retry, jittered (default 250ms)")
    .add<caf::timespan>("backoff-max", "longest retry delay (default 5s)")
    .add<int64_t>("breaker-failures", "failures within breaker-window that open the breaker (default 5)")
    .add<caf::timespan>("breaker-window", "window of breaker-failures (default 10s)")
    .add<caf::timespan>("breaker-open", "time open before a half-open probe (default 5s)")
    .add<caf::timespan>("progress-interval", "polls progress this often while a request runs (default 1s)")
    .add<caf::config_value>("prompts", "SCENE = { prompt, negative, strength } per scene; 'default' for others")
    .add<caf::config_value>("strength-from", "{ param = \"energy\", range = [0.3, 0.7] }: strength from a music param")
    .add<std::string>("scene", "scene before the director's first cut (default \"default\")")
    .add<std::vector<int64_t>>("depth-range", "[NEAR, FAR] mm drawn white to black (default [500, 4500])")
    .add<int64_t>("input-max-side", "depth images are shrunk to this side, pixels (default 256)")
    .add<std::vector<int64_t>>("size", "[WIDTH, HEIGHT] asked of the server (default [512, 512])")
    .add<int64_t>("steps", "sampling steps asked of the server (default 4)")
    .add<int64_t>("seed", "seed asked of the server (default -1: random)")
    .add<std::vector<std::string>>("subscribers", "names that receive styled_frame");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto config = read_config(spec.options);
    if (auto err = std::get_if<std::string>(&config))
      return make_error(ec::spawn_failed, spec.name + ": " + *err);
    auto checkpoints = checkpointer::of(spec, *ctx);
    uint64_t epoch = checkpoints->epoch();
    if (!spec.movable) {
      auto entry = ctx->names->find(spec.name);
      epoch = entry ? entry->proxy->incarnations() + 1 : 1;
    }
    return caf::actor_cast<caf::actor>(sys.spawn(inference, ctx, spec.name,
                                                 std::move(std::get<inference_config>(config)),
                                                 std::move(checkpoints), epoch));
  };
  return kind;
}

} // namespace lume

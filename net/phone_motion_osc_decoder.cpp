#include "net/phone_motion_osc_decoder.hpp"

#include <cmath>
#include <cstring>
#include <optional>
#include <utility>

#include <lo/lo.h>

namespace lume::net {

namespace {

constexpr char bundle_tag[8] = {'#', 'b', 'u', 'n', 'd', 'l', 'e', '\0'};
/// "#bundle\0" and the 8-byte time tag.
constexpr std::size_t bundle_header_size = 16;
constexpr int max_bundle_depth = 8;

/// Frees a deserialised message when leaving scope.
struct message_guard {
  lo_message message;
  ~message_guard() { lo_message_free(message); }
};

/// What walking one datagram found so far.
struct walk_state {
  const std::vector<phone_osc_route>& routes;
  phone_motion motion;
  std::size_t routed = 0;
  std::size_t unrouted = 0;
  std::optional<phone_osc_refusal> failure;
};

bool is_bundle(const std::uint8_t* data, std::size_t size) {
  return size >= sizeof bundle_tag && std::memcmp(data, bundle_tag, sizeof bundle_tag) == 0;
}

/// OSC sizes are big-endian.
std::uint32_t load_u32_big_endian(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8)
         | std::uint32_t{p[3]};
}

/// Copies an argument out of liblo's buffer, where it is only 4-byte aligned.
template <class T>
T argument_value(const lo_arg* arg) {
  T value;
  std::memcpy(&value, arg, sizeof value);
  return value;
}

/// Argument `i` of `m` as a finite float; false if it is neither.
bool numeric_argument(lo_message m, int i, float& out) {
  const char* types = lo_message_get_types(m);
  lo_arg** argv = lo_message_get_argv(m);
  switch (types[i]) {
    case LO_FLOAT: out = argument_value<float>(argv[i]); break;
    case LO_DOUBLE: out = static_cast<float>(argument_value<double>(argv[i])); break;
    case LO_INT32: out = static_cast<float>(argument_value<std::int32_t>(argv[i])); break;
    default: return false;
  }
  return std::isfinite(out);
}

/// Stores the values of `m` in the field `route` names; false on bad arguments.
bool apply_route(const phone_osc_route& route, lo_message m, phone_motion& motion) {
  const int needed = route.field == phone_motion_field::attitude ? 4 : 3;
  if (lo_message_get_argc(m) < needed)
    return false;
  float v[4] = {};
  for (int i = 0; i < needed; ++i)
    if (!numeric_argument(m, i, v[i]))
      return false;
  const float s = route.scale;
  switch (route.field) {
    case phone_motion_field::acceleration:
      motion.acceleration = motion_vector{v[0] * s, v[1] * s, v[2] * s};
      break;
    case phone_motion_field::rotation_rate:
      motion.rotation_rate = motion_vector{v[0] * s, v[1] * s, v[2] * s};
      break;
    case phone_motion_field::attitude:
      motion.attitude = route.order == quaternion_order::xyzw
                          ? motion_quaternion{v[0], v[1], v[2], v[3]}
                          : motion_quaternion{v[1], v[2], v[3], v[0]};
      break;
  }
  return true;
}

void handle_message(const std::uint8_t* data, std::size_t size, walk_state& state,
                    bool in_bundle) {
  auto* bytes = const_cast<std::uint8_t*>(data);
  int result = 0;
  lo_message m = lo_message_deserialise(bytes, size, &result);
  if (m == nullptr) {
    state.failure = in_bundle ? phone_osc_refusal::bad_bundle : phone_osc_refusal::not_osc;
    return;
  }
  message_guard guard{m};
  const char* address = lo_get_path(bytes, static_cast<ssize_t>(size));
  for (const auto& route : state.routes) {
    if (lo_pattern_match(address, route.pattern.c_str())) {
      ++state.routed;
      if (!apply_route(route, m, state.motion))
        state.failure = phone_osc_refusal::bad_arguments;
      return;
    }
  }
  ++state.unrouted;
}

void walk_bundle(const std::uint8_t* data, std::size_t size, walk_state& state, int depth) {
  if (depth > max_bundle_depth || size < bundle_header_size || size % 4 != 0) {
    state.failure = phone_osc_refusal::bad_bundle;
    return;
  }
  std::size_t pos = bundle_header_size;
  while (pos < size && !state.failure) {
    const std::uint32_t length = size - pos >= 4 ? load_u32_big_endian(data + pos) : 0;
    pos += 4;
    if (length == 0 || length % 4 != 0 || pos > size || length > size - pos) {
      state.failure = phone_osc_refusal::bad_bundle;
      return;
    }
    const std::uint8_t* element = data + pos;
    if (is_bundle(element, length))
      walk_bundle(element, length, state, depth + 1);
    else
      handle_message(element, length, state, true);
    pos += length;
  }
}

} // namespace

const char* to_string(phone_osc_refusal reason) {
  switch (reason) {
    case phone_osc_refusal::not_osc: return "not_osc";
    case phone_osc_refusal::bad_bundle: return "bad_bundle";
    case phone_osc_refusal::no_route: return "no_route";
    case phone_osc_refusal::bad_arguments: return "bad_arguments";
  }
  return "unknown";
}

phone_motion_decoder::phone_motion_decoder(std::vector<phone_osc_route> routes)
  : routes_(std::move(routes)) {}

std::variant<phone_motion, phone_osc_refusal>
phone_motion_decoder::decode(const std::uint8_t* data, std::size_t size) {
  ++counters_.datagrams;
  walk_state state{routes_, {}, 0, 0, std::nullopt};
  if (size == 0)
    state.failure = phone_osc_refusal::not_osc;
  else if (is_bundle(data, size))
    walk_bundle(data, size, state, 0);
  else
    handle_message(data, size, state, false);
  counters_.unrouted_messages += state.unrouted;
  if (!state.failure && state.routed == 0)
    state.failure = phone_osc_refusal::no_route;
  if (state.failure) {
    switch (*state.failure) {
      case phone_osc_refusal::not_osc: ++counters_.not_osc; break;
      case phone_osc_refusal::bad_bundle: ++counters_.bad_bundle; break;
      case phone_osc_refusal::no_route: ++counters_.no_route; break;
      case phone_osc_refusal::bad_arguments: ++counters_.bad_arguments; break;
    }
    return *state.failure;
  }
  ++counters_.decoded;
  return state.motion;
}

} // namespace lume::net

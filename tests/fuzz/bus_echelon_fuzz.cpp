// Fuzz target for the body of the bus's `POST /echelon` (read_echelon, as
// the bus reads it). Asserted: a refusal names its field; what is accepted
// carries the source, finite motion, a unit-able attitude and 1 to 64 well-
// named finite features; and the messages written back as a body (the
// shape docs/protocols.md gives) read back to the same values.

#include <cmath>
#include <string>
#include <variant>

#include <boost/json.hpp>

#include "actors/bus/echelon_request.hpp"
#include "tests/fuzz/bus_refusal_check.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume;

constexpr std::int64_t origin_us = 1'700'000'000'000'000;

bool finite(const phone_motion& m) {
  for (float x : {m.ax, m.ay, m.az, m.gx, m.gy, m.gz, m.qx, m.qy, m.qz, m.qw})
    if (!std::isfinite(x))
      return false;
  return true;
}

/// docs/protocols.md's rule for feature names.
bool good_name(const std::string& name) {
  static const std::string allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
  return !name.empty() && name.size() <= 64 && name.find_first_not_of(allowed) == std::string::npos;
}

/// Doubles through Boost.JSON's text: its parser (1.81) may be one unit in
/// the last place off the shortest text its serializer writes.
bool close(double a, double b) {
  return a == b || std::fabs(a - b) <= 4 * std::fabs(a) * 2.3e-16;
}

std::string body_of(const echelon_messages& x) {
  boost::json::object body;
  if (x.motion) {
    auto& m = *x.motion;
    body["source"] = m.source;
    body["accel"] = boost::json::array{m.ax, m.ay, m.az};
    body["gyro"] = boost::json::array{m.gx, m.gy, m.gz};
    body["attitude"] = boost::json::array{m.qx, m.qy, m.qz, m.qw};
  }
  if (x.features) {
    body["source"] = x.features->source;
    boost::json::object values;
    for (auto& [name, value] : x.features->values)
      values[name] = value;
    body["features"] = std::move(values);
  }
  return boost::json::serialize(body);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body{reinterpret_cast<const char*>(data), size};
  const auto read = read_echelon(body, origin_us);
  if (const auto* why = std::get_if<refusal>(&read)) {
    fuzz::check_refusal(*why);
    return 0;
  }
  const auto& x = std::get<echelon_messages>(read);
  FUZZ_CHECK(x.motion || x.features);
  if (x.motion) {
    FUZZ_CHECK(!x.motion->source.empty() && x.motion->source.size() <= 64);
    FUZZ_CHECK(x.motion->origin_us == origin_us);
    FUZZ_CHECK(finite(*x.motion));
  }
  if (x.features) {
    FUZZ_CHECK(!x.features->source.empty() && x.features->source.size() <= 64);
    FUZZ_CHECK(x.features->origin_us == origin_us);
    FUZZ_CHECK(!x.features->values.empty() && x.features->values.size() <= 64);
    for (auto& [name, value] : x.features->values)
      FUZZ_CHECK(good_name(name) && std::isfinite(value));
  }
  const auto again = read_echelon(body_of(x), origin_us);
  const auto* back = std::get_if<echelon_messages>(&again);
  FUZZ_CHECK(back != nullptr);
  FUZZ_CHECK(back->motion.has_value() == x.motion.has_value());
  if (x.motion) {
    const auto& a = *x.motion;
    const auto& b = *back->motion;
    FUZZ_CHECK(a.source == b.source);
    FUZZ_CHECK(a.ax == b.ax && a.ay == b.ay && a.az == b.az);
    FUZZ_CHECK(a.gx == b.gx && a.gy == b.gy && a.gz == b.gz);
    FUZZ_CHECK(a.qx == b.qx && a.qy == b.qy && a.qz == b.qz && a.qw == b.qw);
  }
  FUZZ_CHECK(back->features.has_value() == x.features.has_value());
  if (x.features) {
    FUZZ_CHECK(back->features->source == x.features->source);
    FUZZ_CHECK(back->features->values.size() == x.features->values.size());
    for (auto& [name, value] : x.features->values) {
      auto i = back->features->values.find(name);
      FUZZ_CHECK(i != back->features->values.end() && close(i->second, value));
    }
  }
  return 0;
}

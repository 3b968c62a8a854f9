#include "actors/bus/json_fields.hpp"

#include <cmath>

#include <boost/json/parse.hpp>

namespace lume::json_fields {

refusal missing(const std::string& field) {
  return {400, "missing_field", "missing field '" + field + "'", field};
}

refusal wrong_type(const std::string& field, const char* expected) {
  return {400, "wrong_type", "field '" + field + "': not " + expected, field};
}

refusal bad_value(const std::string& field, const std::string& problem) {
  return {400, "bad_value", "field '" + field + "': " + problem, field};
}

std::optional<refusal> parse_object(const std::string& body, boost::json::object& out) {
  boost::json::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec)
    return refusal{400, "malformed_json", "malformed JSON: " + ec.message(), "body"};
  if (!value.is_object())
    return refusal{400, "wrong_type", "body: not a JSON object", "body"};
  out = std::move(value.as_object());
  return std::nullopt;
}

std::optional<refusal> only_known(const boost::json::object& x,
                                  std::initializer_list<const char*> known,
                                  const std::string& prefix) {
  for (auto& [key, value] : x) {
    bool ok = false;
    for (auto* k : known)
      ok = ok || key == k;
    if (!ok) {
      auto field = prefix + std::string{key};
      return refusal{400, "unknown_field", "unknown field '" + field + "'", field};
    }
  }
  return std::nullopt;
}

std::optional<refusal> string_field(const boost::json::object& x, const char* key,
                                    const std::string& field, std::string& out,
                                    std::size_t max) {
  auto* v = x.if_contains(key);
  if (!v)
    return missing(field);
  if (!v->is_string())
    return wrong_type(field, "a string");
  auto& s = v->get_string();
  if (s.empty() || s.size() > max)
    return bad_value(field, "must have 1 to " + std::to_string(max) + " characters");
  out.assign(s.data(), s.size());
  return std::nullopt;
}

std::optional<refusal> number(const boost::json::value& x, const std::string& field, double& out) {
  if (x.is_double())
    out = x.get_double();
  else if (x.is_int64())
    out = static_cast<double>(x.get_int64());
  else if (x.is_uint64())
    out = static_cast<double>(x.get_uint64());
  else
    return wrong_type(field, "a number");
  if (!std::isfinite(out))
    return bad_value(field, "not finite");
  return std::nullopt;
}

std::optional<refusal> number_array(const boost::json::object& x, const char* key,
                                    const std::string& field, std::size_t n,
                                    std::vector<double>& out) {
  auto* v = x.if_contains(key);
  if (!v)
    return missing(field);
  if (!v->is_array())
    return wrong_type(field, ("an array of " + std::to_string(n) + " numbers").c_str());
  auto& a = v->get_array();
  if (a.size() != n)
    return bad_value(field, "must have " + std::to_string(n) + " numbers, has " +
                              std::to_string(a.size()));
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    if (auto err = number(a[i], field + "[" + std::to_string(i) + "]", out[i]))
      return err;
  return std::nullopt;
}

} // namespace lume::json_fields

#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "actors/bus/refusal.hpp"

/// Checks on a JSON request body, each returning the refusal that names
/// the offending field (nullopt when the check passes).
namespace lume::json_fields {

/// Parses `body` as one JSON object.
std::optional<refusal> parse_object(const std::string& body, boost::json::object& out);

/// Every key of `x` is one of `known` (field names are `prefix + key`).
std::optional<refusal> only_known(const boost::json::object& x,
                                  std::initializer_list<const char*> known,
                                  const std::string& prefix = {});

/// `x[key]` is a string of 1 to `max` characters.
std::optional<refusal> string_field(const boost::json::object& x, const char* key,
                                    const std::string& field, std::string& out,
                                    std::size_t max = 128);

/// `x[key]` is an array of exactly `n` finite numbers.
std::optional<refusal> number_array(const boost::json::object& x, const char* key,
                                    const std::string& field, std::size_t n,
                                    std::vector<double>& out);

/// `x` is a finite number.
std::optional<refusal> number(const boost::json::value& x, const std::string& field, double& out);

refusal missing(const std::string& field);
refusal wrong_type(const std::string& field, const char* expected);
refusal bad_value(const std::string& field, const std::string& problem);

} // namespace lume::json_fields

#pragma once

#include <string>

#include <caf/config_value.hpp>
#include <caf/expected.hpp>
#include <caf/parser_state.hpp>
#include <caf/pec.hpp>

/// Lets a kind declare an option of any shape (a list of dictionaries, a
/// dictionary of dictionaries) with `add<caf::config_value>`: the config
/// check accepts every value, and the kind validates the contents itself
/// when it spawns, naming the entry and key that is wrong.
namespace caf {

template <>
struct config_value_access<config_value> {
  static std::string type_name() {
    return "value";
  }

  static bool is(const config_value&) {
    return true;
  }

  static const config_value* get_if(const config_value* x) {
    return x;
  }

  static config_value get(const config_value& x) {
    return x;
  }

  static config_value convert(config_value x) {
    return x;
  }

  template <class Nested>
  static void parse_cli(string_parser_state& ps, config_value& x, Nested) {
    auto parsed = config_value::parse(ps.i, ps.e);
    if (!parsed) {
      ps.code = pec::illegal_argument;
      return;
    }
    x = std::move(*parsed);
    ps.i = ps.e;
    ps.code = pec::success;
  }
};

} // namespace caf

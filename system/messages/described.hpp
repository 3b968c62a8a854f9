#pragma once

#include <tuple>
#include <type_traits>

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <caf/meta/type_name.hpp>

namespace lume {

/// Lists a struct's public data members once (Boost.Describe) and derives
/// from that single description both CAF's `inspect` (serialization across
/// the mesh, `deep_to_string`) and Boost.JSON's conversion (inspection).
template <class T>
using is_described = boost::describe::has_describe_members<T>;

/// CAF 0.17 `inspect` overload for every described struct in namespace lume.
template <class Inspector, class T,
          class = std::enable_if_t<is_described<T>::value>>
typename Inspector::result_type inspect(Inspector& f, T& x) {
  using members = boost::describe::describe_members<T, boost::describe::mod_public>;
  using descriptors = boost::mp11::mp_rename<members, std::tuple>;
  return std::apply(
    [&](auto... d) { return f(caf::meta::type_name(T::type_name), x.*d.pointer...); },
    descriptors{});
}

} // namespace lume

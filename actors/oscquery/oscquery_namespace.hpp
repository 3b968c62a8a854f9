#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>

/// The OSCQuery address space of a node (Vidvox OSCQueryProposal): methods
/// by full path, containers implied by them, and their JSON.
namespace lume {

/// OSCQuery's ACCESS: what a client may do with a method's value.
enum class oscquery_access : int { read = 1, write = 2, read_write = 3 };

/// One OSC method: a leaf of the address space.
struct oscquery_method {
  std::string path;
  /// OSC type tag of its one argument: 'f', 'i' or 's'.
  char type = 'f';
  oscquery_access access = oscquery_access::read_write;
  std::string description;
  /// Empty until known (no VALUE then).
  std::variant<std::monostate, double, std::string> value;
  /// RANGE as MIN and MAX, or as VALS (strings); neither: no RANGE.
  std::optional<std::pair<double, double>> range;
  std::vector<std::string> vals;

  bool readable() const { return (static_cast<int>(access) & 1) != 0; }
  bool writable() const { return (static_cast<int>(access) & 2) != 0; }
};

/// The attributes a node may be asked for alone (`/path?VALUE`).
bool is_oscquery_attribute(const std::string& name);

class oscquery_namespace {
public:
  /// Descriptions of containers ("/lume/param" → "music params ..."):
  /// shown as their DESCRIPTION.
  explicit oscquery_namespace(std::map<std::string, std::string> container_descriptions = {});

  /// Adds `m`, or replaces the method at its path; true if the path is new.
  bool put(oscquery_method m);
  /// Removes the method at `path`; true if there was one.
  bool remove(const std::string& path);

  const oscquery_method* find(const std::string& path) const;
  oscquery_method* find(const std::string& path);
  /// Paths of the methods under `prefix` ("/lume/param/").
  std::vector<std::string> paths_under(const std::string& prefix) const;
  std::size_t size() const { return methods_.size(); }

  /// The node at `path` (a method, or a container with everything below
  /// it in CONTENTS); nothing if there is none. "/" is always there.
  std::optional<boost::json::object> node_json(const std::string& path) const;

  /// The JSON of method `m` alone.
  static boost::json::object method_json(const oscquery_method& m);

private:
  std::map<std::string, oscquery_method> methods_;
  std::map<std::string, std::string> descriptions_;
};

} // namespace lume

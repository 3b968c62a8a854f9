#include "actors/oscquery/oscquery_namespace.hpp"

#include <boost/json.hpp>

namespace lume {

namespace {

std::string last_part(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

} // namespace

bool is_oscquery_attribute(const std::string& name) {
  return name == "FULL_PATH" || name == "CONTENTS" || name == "TYPE" || name == "ACCESS" ||
         name == "VALUE" || name == "RANGE" || name == "DESCRIPTION";
}

oscquery_namespace::oscquery_namespace(std::map<std::string, std::string> container_descriptions)
  : descriptions_(std::move(container_descriptions)) {}

bool oscquery_namespace::put(oscquery_method m) {
  auto path = m.path;
  return methods_.insert_or_assign(std::move(path), std::move(m)).second;
}

bool oscquery_namespace::remove(const std::string& path) {
  return methods_.erase(path) > 0;
}

const oscquery_method* oscquery_namespace::find(const std::string& path) const {
  auto i = methods_.find(path);
  return i == methods_.end() ? nullptr : &i->second;
}

oscquery_method* oscquery_namespace::find(const std::string& path) {
  auto i = methods_.find(path);
  return i == methods_.end() ? nullptr : &i->second;
}

std::vector<std::string> oscquery_namespace::paths_under(const std::string& prefix) const {
  std::vector<std::string> result;
  for (auto i = methods_.lower_bound(prefix); i != methods_.end() && i->first.rfind(prefix, 0) == 0;
       ++i)
    result.push_back(i->first);
  return result;
}

boost::json::object oscquery_namespace::method_json(const oscquery_method& m) {
  boost::json::object x{{"FULL_PATH", m.path},
                        {"TYPE", std::string(1, m.type)},
                        {"ACCESS", static_cast<int>(m.access)},
                        {"DESCRIPTION", m.description}};
  if (m.readable()) {
    if (auto d = std::get_if<double>(&m.value))
      x["VALUE"] = boost::json::array{m.type == 'i' ? boost::json::value(static_cast<std::int64_t>(*d))
                                                    : boost::json::value(*d)};
    else if (auto s = std::get_if<std::string>(&m.value))
      x["VALUE"] = boost::json::array{boost::json::string{*s}};
  }
  if (m.range) {
    x["RANGE"] = boost::json::array{boost::json::object{{"MIN", m.range->first},
                                                        {"MAX", m.range->second}}};
  } else if (!m.vals.empty()) {
    boost::json::array vals;
    for (auto& v : m.vals)
      vals.push_back(boost::json::string{v});
    x["RANGE"] = boost::json::array{boost::json::object{{"VALS", std::move(vals)}}};
  }
  return x;
}

std::optional<boost::json::object> oscquery_namespace::node_json(const std::string& path) const {
  if (auto m = find(path))
    return method_json(*m);
  const auto prefix = path == "/" ? std::string{"/"} : path + "/";
  auto first = methods_.lower_bound(prefix);
  if (path != "/" && (first == methods_.end() || first->first.rfind(prefix, 0) != 0))
    return std::nullopt;
  // Builds the container tree from the methods below it, in path order.
  boost::json::object root{{"FULL_PATH", path}, {"ACCESS", 0}};
  auto described = [&](boost::json::object& node, const std::string& p) {
    auto d = descriptions_.find(p);
    node["DESCRIPTION"] = d == descriptions_.end() ? std::string{} : d->second;
    node["CONTENTS"] = boost::json::object{};
  };
  described(root, path);
  for (auto i = first; i != methods_.end() && i->first.rfind(prefix, 0) == 0; ++i) {
    // Walks down from the container, creating the containers between.
    boost::json::object* node = &root;
    std::string at = path == "/" ? std::string{} : path;
    const auto rest = i->first.substr(prefix.size());
    std::size_t from = 0;
    for (auto slash = rest.find('/'); slash != std::string::npos;
         from = slash + 1, slash = rest.find('/', from)) {
      const auto name = rest.substr(from, slash - from);
      at += "/" + name;
      auto& contents = node->at("CONTENTS").as_object();
      if (!contents.contains(name)) {
        boost::json::object child{{"FULL_PATH", at}, {"ACCESS", 0}};
        described(child, at);
        contents[name] = std::move(child);
      }
      node = &contents[name].as_object();
    }
    node->at("CONTENTS").as_object()[last_part(i->first)] = method_json(i->second);
  }
  return root;
}

} // namespace lume

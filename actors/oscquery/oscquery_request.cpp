#include "actors/oscquery/oscquery_request.hpp"

#include <algorithm>
#include <cmath>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace lume {

oscquery_answer answer_query(const oscquery_namespace& space, std::string path,
                             const std::string& query, const boost::json::object& host_info) {
  if (path.size() > 1 && path.back() == '/')
    path.pop_back();
  if (query == "HOST_INFO")
    return {200, boost::json::serialize(host_info), {}, {}};
  auto node = space.node_json(path);
  if (!node)
    return {404, {}, "unknown_path", "no OSC node at " + path};
  if (query.empty())
    return {200, boost::json::serialize(*node), {}, {}};
  if (!is_oscquery_attribute(query))
    return {400, {}, "unknown_attribute",
            "no attribute " + query + " (FULL_PATH, CONTENTS, TYPE, ACCESS, VALUE, "
            "RANGE, DESCRIPTION, HOST_INFO)"};
  auto found = node->find(query);
  // The node has no such attribute (a container's VALUE, a value not yet known).
  if (found == node->end())
    return {204, {}, {}, {}};
  return {200, boost::json::serialize(boost::json::object{{query, found->value()}}), {}, {}};
}

std::variant<oscquery_listen, std::string> read_listen_command(std::string_view text) {
  boost::json::error_code ec;
  auto json = boost::json::parse(text, ec);
  auto* object = ec ? nullptr : json.if_object();
  auto* command = object ? object->if_contains("COMMAND") : nullptr;
  auto* data = object ? object->if_contains("DATA") : nullptr;
  if (!command || !command->is_string() || !data || !data->is_string())
    return std::string{"bad_command"};
  const std::string path{data->get_string()};
  if (command->get_string() == "LISTEN")
    return oscquery_listen{true, path};
  if (command->get_string() == "IGNORE")
    return oscquery_listen{false, path};
  return std::string{"bad_command"};
}

const char* write_refusal(const oscquery_namespace& space, const std::string& path, char tag,
                          double number, const std::string& text) {
  auto m = space.find(path);
  if (!m)
    return "unknown_path";
  if (!m->writable())
    return "read_only";
  const bool is_text = tag == 's' || tag == 'S';
  if (is_text != (m->type == 's'))
    return "wrong_type";
  if (!is_text && !std::isfinite(number))
    return "not_finite";
  if ((m->range && (number < m->range->first || number > m->range->second)) ||
      (!m->vals.empty() && std::find(m->vals.begin(), m->vals.end(), text) == m->vals.end()))
    return "out_of_range";
  return nullptr;
}

} // namespace lume

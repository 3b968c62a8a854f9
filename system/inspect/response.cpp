#include "system/inspect/response.hpp"

#include <boost/json.hpp>

namespace lume {

std::string ok_response(const std::string& text, boost::json::value data) {
  return boost::json::serialize(
    boost::json::object{{"ok", true}, {"text", text}, {"data", std::move(data)}});
}

std::string error_response(const std::string& message) {
  return boost::json::serialize(boost::json::object{{"ok", false}, {"error", message}});
}

} // namespace lume

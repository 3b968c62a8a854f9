#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace lume {

/// One answer of the inspection protocol, sent as one line of JSON:
/// `{"ok":true,"text":"...","data":...}` or `{"ok":false,"error":"..."}`.
/// `text` is for people, `data` for `--json` and scripts.
std::string ok_response(const std::string& text, boost::json::value data = nullptr);

std::string error_response(const std::string& message);

} // namespace lume

#include "system/inspect/access.hpp"

#include <algorithm>

namespace lume {

const char* to_string(command_access x) {
  switch (x) {
    case command_access::read: return "read";
    case command_access::write: return "write";
    case command_access::read_bare: return "read (write with an argument)";
  }
  return "?";
}

bool writes(command_access access, const std::vector<std::string>& args) {
  switch (access) {
    case command_access::read: return false;
    case command_access::write: return true;
    case command_access::read_bare:
      return std::any_of(args.begin(), args.end(),
                         [](const std::string& x) { return x.rfind("--", 0) != 0; });
  }
  return true;
}

} // namespace lume

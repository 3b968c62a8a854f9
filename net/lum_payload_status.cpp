#include "net/lum_payload_status.hpp"

namespace lume::net {

const char* to_string(payload_status status) {
  switch (status) {
    case payload_status::ok: return "ok";
    case payload_status::truncated: return "truncated";
    case payload_status::trailing_bytes: return "trailing_bytes";
    case payload_status::bad_dimensions: return "bad_dimensions";
    case payload_status::too_many_joints: return "too_many_joints";
    case payload_status::bad_parent: return "bad_parent";
    case payload_status::bad_feature_name: return "bad_feature_name";
  }
  return "unknown";
}

} // namespace lume::net

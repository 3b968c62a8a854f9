#include "net/lum_refusal.hpp"

namespace lume::net {

const char* to_string(lum_refusal reason) {
  switch (reason) {
    case lum_refusal::truncated: return "truncated";
    case lum_refusal::trailing_bytes: return "trailing_bytes";
    case lum_refusal::bad_magic: return "bad_magic";
    case lum_refusal::wrong_kind: return "wrong_kind";
    case lum_refusal::bad_version: return "bad_version";
    case lum_refusal::bad_fragment_count: return "bad_fragment_count";
    case lum_refusal::bad_fragment_index: return "bad_fragment_index";
    case lum_refusal::fragment_size_mismatch: return "fragment_size_mismatch";
    case lum_refusal::frame_too_large: return "frame_too_large";
    case lum_refusal::frame_header_mismatch: return "frame_header_mismatch";
    case lum_refusal::duplicate_fragment: return "duplicate_fragment";
    case lum_refusal::stale_fragment: return "stale_fragment";
  }
  return "unknown";
}

} // namespace lume::net

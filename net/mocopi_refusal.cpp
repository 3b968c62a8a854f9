#include "net/mocopi_refusal.hpp"

namespace lume::net {

const char* to_string(mocopi_refusal reason) {
  switch (reason) {
    case mocopi_refusal::truncated_chunk_header: return "truncated_chunk_header";
    case mocopi_refusal::chunk_overrun: return "chunk_overrun";
    case mocopi_refusal::missing_head: return "missing_head";
    case mocopi_refusal::bad_format_name: return "bad_format_name";
    case mocopi_refusal::bad_version: return "bad_version";
    case mocopi_refusal::duplicate_chunk: return "duplicate_chunk";
    case mocopi_refusal::both_kinds: return "both_kinds";
    case mocopi_refusal::no_kind: return "no_kind";
    case mocopi_refusal::missing_field: return "missing_field";
    case mocopi_refusal::bad_field_size: return "bad_field_size";
    case mocopi_refusal::bad_clock: return "bad_clock";
    case mocopi_refusal::no_bones: return "no_bones";
    case mocopi_refusal::too_many_bones: return "too_many_bones";
    case mocopi_refusal::duplicate_bone: return "duplicate_bone";
    case mocopi_refusal::bad_rest_transform: return "bad_rest_transform";
    case mocopi_refusal::bad_hierarchy: return "bad_hierarchy";
    case mocopi_refusal::duplicate_frame: return "duplicate_frame";
    case mocopi_refusal::stale_frame: return "stale_frame";
    case mocopi_refusal::no_skeleton: return "no_skeleton";
    case mocopi_refusal::rig_mismatch: return "rig_mismatch";
  }
  return "unknown";
}

} // namespace lume::net

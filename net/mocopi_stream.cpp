#include "net/mocopi_stream.hpp"

#include <variant>

#include "net/mocopi_decoder.hpp"

namespace lume::net {

namespace {

bool rig_has_bone(const mocopi_skeleton& rig, std::uint16_t id) {
  for (std::size_t i = 0; i < rig.bone_count; ++i)
    if (rig.bones[i].id == id)
      return true;
  return false;
}

} // namespace

std::uint64_t& counter_of(mocopi_counters& c, mocopi_refusal reason) {
  switch (reason) {
    case mocopi_refusal::truncated_chunk_header: return c.truncated_chunk_header;
    case mocopi_refusal::chunk_overrun: return c.chunk_overrun;
    case mocopi_refusal::missing_head: return c.missing_head;
    case mocopi_refusal::bad_format_name: return c.bad_format_name;
    case mocopi_refusal::bad_version: return c.bad_version;
    case mocopi_refusal::duplicate_chunk: return c.duplicate_chunk;
    case mocopi_refusal::both_kinds: return c.both_kinds;
    case mocopi_refusal::no_kind: return c.no_kind;
    case mocopi_refusal::missing_field: return c.missing_field;
    case mocopi_refusal::bad_field_size: return c.bad_field_size;
    case mocopi_refusal::bad_clock: return c.bad_clock;
    case mocopi_refusal::no_bones: return c.no_bones;
    case mocopi_refusal::too_many_bones: return c.too_many_bones;
    case mocopi_refusal::duplicate_bone: return c.duplicate_bone;
    case mocopi_refusal::bad_rest_transform: return c.bad_rest_transform;
    case mocopi_refusal::bad_hierarchy: return c.bad_hierarchy;
    case mocopi_refusal::duplicate_frame: return c.duplicate_frame;
    case mocopi_refusal::stale_frame: return c.stale_frame;
    case mocopi_refusal::no_skeleton: return c.no_skeleton;
    case mocopi_refusal::rig_mismatch: return c.rig_mismatch;
  }
  return c.missing_head;
}

std::uint64_t refusals(const mocopi_counters& c) {
  return c.truncated_chunk_header + c.chunk_overrun + c.missing_head + c.bad_format_name
         + c.bad_version + c.duplicate_chunk + c.both_kinds + c.no_kind + c.missing_field
         + c.bad_field_size + c.bad_clock + c.no_bones + c.too_many_bones + c.duplicate_bone
         + c.bad_rest_transform + c.bad_hierarchy + c.duplicate_frame + c.stale_frame
         + c.no_skeleton + c.rig_mismatch;
}

mocopi_stream::mocopi_stream(mocopi_stream_limits limits) : limits_(limits) {}

mocopi_event mocopi_stream::push(const std::uint8_t* data, std::size_t size) {
  ++counters_.datagrams;
  const mocopi_decoded decoded = decode_mocopi_datagram(data, size);
  if (const auto* reason = std::get_if<mocopi_refusal>(&decoded))
    return refuse(*reason);
  if (const auto* skeleton = std::get_if<mocopi_skeleton>(&decoded))
    return accept_skeleton(*skeleton);
  return accept_frame(std::get<mocopi_frame>(decoded));
}

mocopi_event mocopi_stream::refuse(mocopi_refusal reason, mocopi_event event) {
  ++counter_of(counters_, reason);
  event.kind = mocopi_event_kind::refused;
  event.refusal = reason;
  return event;
}

mocopi_event mocopi_stream::accept_skeleton(const mocopi_skeleton& skeleton) {
  if (skeleton.has_unread_chunks)
    ++counters_.datagrams_with_unread_chunks;
  ++counters_.skeletons;
  rig_ = skeleton;
  mocopi_event event;
  event.kind = mocopi_event_kind::skeleton;
  event.skeleton = &*rig_;
  return event;
}

mocopi_stream::step mocopi_stream::classify(const mocopi_frame& frame) const {
  if (!last_)
    return step::first;
  const std::int64_t distance
    = static_cast<std::int64_t>(frame.frame_number) - static_cast<std::int64_t>(last_->number);
  if (distance == 0)
    return step::duplicate;
  if (distance > 0)
    return frame.time_s < last_->time_s ? step::restart : step::next;
  if (frame.unix_time_s && last_->unix_time_s)
    return *frame.unix_time_s > *last_->unix_time_s ? step::restart : step::stale;
  return -distance > limits_.reorder_window ? step::restart : step::stale;
}

mocopi_event mocopi_stream::accept_frame(const mocopi_frame& frame) {
  if (frame.has_unread_chunks)
    ++counters_.datagrams_with_unread_chunks;
  counters_.unusable_bones += frame.unusable_bones;
  mocopi_event event;
  switch (classify(frame)) {
    case step::duplicate:
      return refuse(mocopi_refusal::duplicate_frame);
    case step::stale:
      return refuse(mocopi_refusal::stale_frame);
    case step::restart:
      ++counters_.session_restarts;
      event.session_restarted = true;
      rig_.reset();
      break;
    case step::next:
      event.lost_before = frame.frame_number - last_->number - 1;
      counters_.lost_frames += event.lost_before;
      break;
    case step::first:
      break;
  }
  last_ = frame_mark{frame.frame_number, frame.time_s, frame.unix_time_s};
  if (!rig_)
    return refuse(mocopi_refusal::no_skeleton, event);
  for (std::size_t i = 0; i < frame.bone_count; ++i)
    if (!rig_has_bone(*rig_, frame.bones[i].id))
      return refuse(mocopi_refusal::rig_mismatch, event);
  event.incomplete = frame.bone_count < rig_->bone_count;
  if (event.incomplete)
    ++counters_.incomplete_frames;
  ++counters_.frames;
  frame_ = frame;
  event.kind = mocopi_event_kind::frame;
  event.frame = &frame_;
  return event;
}

} // namespace lume::net

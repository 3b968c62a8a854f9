#include "net/lum_reassembler.hpp"

#include <algorithm>
#include <cstring>

namespace lume::net {

namespace {

/// True if `a` is older than `b` in wrapping sequence arithmetic.
bool older(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) < 0;
}

bool same_frame_fields(const lum_header& a, const lum_header& b) {
  return a.frame_length == b.frame_length && a.fragment_count == b.fragment_count
         && a.origin_time_us == b.origin_time_us;
}

} // namespace

std::uint64_t& counter_of(lum_reassembly_counters& c, lum_refusal reason) {
  switch (reason) {
    case lum_refusal::truncated: return c.truncated;
    case lum_refusal::trailing_bytes: return c.trailing_bytes;
    case lum_refusal::bad_magic: return c.bad_magic;
    case lum_refusal::wrong_kind: return c.wrong_kind;
    case lum_refusal::bad_version: return c.bad_version;
    case lum_refusal::bad_fragment_count: return c.bad_fragment_count;
    case lum_refusal::bad_fragment_index: return c.bad_fragment_index;
    case lum_refusal::fragment_size_mismatch: return c.fragment_size_mismatch;
    case lum_refusal::frame_too_large: return c.frame_too_large;
    case lum_refusal::frame_header_mismatch: return c.frame_header_mismatch;
    case lum_refusal::duplicate_fragment: return c.duplicate_fragment;
    case lum_refusal::stale_fragment: return c.stale_fragment;
  }
  return c.truncated;
}

lum_reassembler::lum_reassembler(lum_kind kind, lum_reassembly_limits limits)
  : kind_(kind), limits_(limits), slots_(std::max<std::size_t>(limits.frames_in_flight, 1)) {}

lum_push_result lum_reassembler::refuse(lum_refusal reason) {
  ++counter_of(counters_, reason);
  lum_push_result result;
  result.outcome = lum_push_outcome::refused;
  result.refusal = reason;
  return result;
}

lum_push_result lum_reassembler::push(const std::uint8_t* datagram, std::size_t size) {
  ++counters_.datagrams;
  ++tick_;
  const auto parsed = parse_lum_header(datagram, size);
  if (const auto* reason = std::get_if<lum_refusal>(&parsed))
    return refuse(*reason);
  const lum_header& h = std::get<lum_header>(parsed);
  if (h.kind != kind_)
    return refuse(lum_refusal::wrong_kind);
  if (h.frame_length > limits_.max_frame_bytes)
    return refuse(lum_refusal::frame_too_large);

  stream_state& stream = streams_[h.stream_id];
  if (stream.retired_any && !older(stream.retired_through, h.sequence)) {
    if (stream.retired_through - h.sequence < limits_.restart_distance)
      return refuse(lum_refusal::stale_fragment);
    ++counters_.stream_restarts;
    drop_stream(h.stream_id);
  }

  slot* s = find_slot(h);
  if (s == nullptr)
    s = &open_slot(h);
  else if (!same_frame_fields(s->header, h))
    return refuse(lum_refusal::frame_header_mismatch);
  if (s->have[h.fragment_index] != 0)
    return refuse(lum_refusal::duplicate_fragment);

  const auto extent = lum_fragment_extent_of(h.frame_length, h.fragment_count, h.fragment_index);
  if (extent.length > 0)
    std::memcpy(s->data.get() + extent.offset, datagram + lum_header_size, extent.length);
  s->have[h.fragment_index] = 1;
  ++s->received;
  ++counters_.fragments_stored;

  lum_push_result result;
  if (s->received < s->header.fragment_count)
    return result;
  s->busy = false;
  retire(h.stream_id, h.sequence);
  ++counters_.frames_completed;
  result.outcome = lum_push_outcome::completed;
  result.frame = {h.stream_id, h.sequence, h.origin_time_us, s->data.get(), h.frame_length};
  return result;
}

lum_reassembler::slot* lum_reassembler::find_slot(const lum_header& h) {
  for (auto& s : slots_)
    if (s.busy && s.header.stream_id == h.stream_id && s.header.sequence == h.sequence)
      return &s;
  return nullptr;
}

lum_reassembler::slot& lum_reassembler::open_slot(const lum_header& h) {
  auto free_slot = std::find_if(slots_.begin(), slots_.end(), [](const slot& s) { return !s.busy; });
  if (free_slot == slots_.end()) {
    auto oldest = std::min_element(slots_.begin(), slots_.end(), [](const slot& a, const slot& b) {
      return a.started < b.started;
    });
    oldest->busy = false;
    ++counters_.frames_dropped_incomplete;
    retire(oldest->header.stream_id, oldest->header.sequence);
    free_slot = oldest;
  }
  slot& s = *free_slot;
  s.busy = true;
  s.started = tick_;
  s.header = h;
  s.received = 0;
  s.have.assign(h.fragment_count, 0);
  if (s.capacity < h.frame_length) {
    // Default-initialised: not cleared (fragments fill every byte).
    s.data.reset(new std::uint8_t[h.frame_length]);
    s.capacity = h.frame_length;
  }
  return s;
}

void lum_reassembler::retire(std::uint8_t stream_id, std::uint32_t sequence) {
  stream_state& stream = streams_[stream_id];
  if (stream.retired_any && !older(stream.retired_through, sequence))
    return;
  stream.retired_any = true;
  stream.retired_through = sequence;
  for (auto& s : slots_) {
    if (s.busy && s.header.stream_id == stream_id && !older(sequence, s.header.sequence)) {
      s.busy = false;
      ++counters_.frames_dropped_incomplete;
    }
  }
}

void lum_reassembler::drop_stream(std::uint8_t stream_id) {
  for (auto& s : slots_) {
    if (s.busy && s.header.stream_id == stream_id) {
      s.busy = false;
      ++counters_.frames_dropped_incomplete;
    }
  }
  streams_[stream_id] = stream_state{};
}

} // namespace lume::net

#include "tools/lume-sim/replay_rewriter.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

#include "net/lum_header.hpp"
#include "net/mocopi_decoder.hpp"
#include "net/mocopi_encoder.hpp"

namespace lume::sim {

namespace {

/// How far a held-back clock is put after the previous frame's.
constexpr double mocopi_hold_s = 0.001;
constexpr double lum_hold_us = 1;

} // namespace

replay_rewriter::replay_rewriter(bool rebase, capture_clock start)
  : rebase_(rebase), start_(start) {}

void replay_rewriter::begin_pass(std::uint64_t pass_offset_us) {
  if (pass_offset_us > 0)
    ++pass_;
  shift_s_ = static_cast<double>(pass_offset_us) * 1e-6;
  for (auto* streams : {&mocopi_, &lum_})
    for (auto& [key, s] : *streams)
      if (s.last_number)
        s.number_offset = *s.last_number + 1 - s.first_number;
}

replay_rewriter::stream& replay_rewriter::stream_for(std::map<unsigned, stream>& streams,
                                                     unsigned key, std::uint32_t number,
                                                     double clock, double unix_s) {
  auto [it, added] = streams.try_emplace(key);
  if (added) {
    it->second.first_number = number;
    it->second.number_offset = rebase_ ? 0u - number : 0u;
    it->second.first_clock = clock;
    it->second.first_unix = unix_s;
  }
  return it->second;
}

std::pair<const std::uint8_t*, std::size_t> replay_rewriter::rewrite(const std::uint8_t* data,
                                                                     std::size_t size) {
  if (rewrite_lum(data, size) || rewrite_mocopi(data, size)) {
    if (rewriting())
      return {buffer_.data(), buffer_.size()};
    return {data, size};
  }
  ++counts_.passed_through;
  return {data, size};
}

bool replay_rewriter::rewrite_lum(const std::uint8_t* data, std::size_t size) {
  const auto parsed = net::parse_lum_header(data, size);
  const auto* header = std::get_if<net::lum_header>(&parsed);
  if (!header)
    return false;
  const unsigned key = static_cast<unsigned>(header->kind) * 256u + header->stream_id;
  const double origin_us = static_cast<double>(header->origin_time_us);
  stream& s = stream_for(lum_, key, header->sequence, origin_us, 0);
  net::lum_header out = *header;
  out.sequence = header->sequence + s.number_offset;
  if (s.last_number && out.sequence == *s.last_number) {
    // Another fragment of the frame just sent: the same origin.
    out.origin_time_us = static_cast<std::int64_t>(s.last_clock);
  } else {
    const double base_us = rebase_ ? static_cast<double>(start_.monotonic_raw_us) - s.first_clock : 0;
    double origin = origin_us + base_us + shift_s_ * 1e6;
    if (rewriting() && s.last_number && origin <= s.last_clock) {
      origin = s.last_clock + lum_hold_us;
      ++counts_.clocks_held_back;
    }
    out.origin_time_us = std::llround(origin);
  }
  s.last_number = out.sequence;
  s.last_clock = static_cast<double>(out.origin_time_us);
  if (rewriting()) {
    buffer_.assign(data, data + size);
    net::write_lum_header(out, buffer_.data());
    ++counts_.lum_datagrams;
  }
  return true;
}

bool replay_rewriter::rewrite_mocopi(const std::uint8_t* data, std::size_t size) {
  auto decoded = net::decode_mocopi_datagram(data, size);
  auto* frame = std::get_if<net::mocopi_frame>(&decoded);
  if (!frame)
    return false;
  frame_ = *frame;
  stream& s = stream_for(mocopi_, 0, frame_.frame_number, frame_.time_s,
                         frame_.unix_time_s.value_or(0));
  frame_.frame_number += s.number_offset;
  double time_s = frame_.time_s - (rebase_ ? s.first_clock : 0) + shift_s_;
  std::optional<double> unix_s = frame_.unix_time_s;
  if (unix_s)
    *unix_s += (rebase_ ? start_.unix_s - s.first_unix : 0) + shift_s_;
  if (rewriting() && s.last_number
      && (time_s < s.last_clock || (unix_s && *unix_s <= s.last_unix))) {
    time_s = std::max(time_s, s.last_clock + mocopi_hold_s);
    if (unix_s)
      unix_s = std::max(*unix_s, s.last_unix + mocopi_hold_s);
    ++counts_.clocks_held_back;
  }
  frame_.time_s = static_cast<float>(time_s);
  frame_.unix_time_s = unix_s;
  s.last_number = frame_.frame_number;
  s.last_clock = time_s;
  s.last_unix = unix_s.value_or(0);
  if (!rewriting())
    return true;
  buffer_.resize(net::mocopi_frame_datagram_size(frame_));
  const auto encoded = net::encode_mocopi_frame(frame_, buffer_.data(), buffer_.size());
  if (!encoded)
    return false;
  buffer_.resize(encoded.size);
  ++counts_.mocopi_frames;
  return true;
}

} // namespace lume::sim

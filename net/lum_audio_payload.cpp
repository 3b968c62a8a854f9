#include "net/lum_audio_payload.hpp"

#include "net/byte_io.hpp"

namespace lume::net {

namespace {

constexpr std::size_t max_feature_name = 255;

bool valid_shape(const audio_payload& block) {
  return block.sample_rate > 0 && block.channels > 0
         && block.samples.size() == std::size_t{block.frames} * block.channels
         && block.features.size() <= 0xFFFF;
}

} // namespace

std::size_t audio_payload_size(const audio_payload& block) {
  std::size_t size = audio_payload_header_size + 4 * block.samples.size();
  for (const auto& f : block.features)
    size += 1 + f.name.size() + 4;
  return size;
}

encode_result encode_audio_payload(const audio_payload& block, std::uint8_t* out,
                                   std::size_t capacity) {
  if (!valid_shape(block))
    return encode_failed(encode_error::invalid_input);
  for (const auto& f : block.features)
    if (f.name.empty() || f.name.size() > max_feature_name)
      return encode_failed(encode_error::invalid_input);
  if (capacity < audio_payload_size(block))
    return encode_failed(encode_error::buffer_too_small);
  le_writer w{out, capacity};
  w.u32(block.sample_rate);
  w.u16(block.channels);
  w.u16(block.frames);
  w.u16(static_cast<std::uint16_t>(block.features.size()));
  for (const auto& f : block.features) {
    w.u8(static_cast<std::uint8_t>(f.name.size()));
    w.bytes(f.name.data(), f.name.size());
    w.f32(f.value);
  }
  for (float s : block.samples)
    w.f32(s);
  return encoded(w.size());
}

payload_status decode_audio_payload(const std::uint8_t* payload, std::size_t size,
                                    audio_payload& out) {
  le_reader r{payload, size};
  const std::uint32_t sample_rate = r.u32();
  const std::uint16_t channels = r.u16();
  const std::uint16_t frames = r.u16();
  const std::uint16_t feature_count = r.u16();
  if (!r.ok())
    return payload_status::truncated;
  if (sample_rate == 0 || channels == 0)
    return payload_status::bad_dimensions;
  out.sample_rate = sample_rate;
  out.channels = channels;
  out.frames = frames;
  // A feature takes at least 6 bytes (name length, one name byte, value):
  // a count the payload cannot hold is refused before anything is allocated
  // (65 535 claimed features were 2.6 MB to clear for a 10-byte payload).
  if (std::size_t{feature_count} * 6 > r.remaining())
    return payload_status::truncated;
  out.features.resize(feature_count);
  for (auto& f : out.features) {
    const std::uint8_t length = r.u8();
    const std::uint8_t* name = r.bytes(length);
    f.value = r.f32();
    if (!r.ok())
      return payload_status::truncated;
    if (length == 0)
      return payload_status::bad_feature_name;
    f.name.assign(reinterpret_cast<const char*>(name), length);
  }
  const std::size_t sample_count = std::size_t{frames} * channels;
  if (r.remaining() < 4 * sample_count)
    return payload_status::truncated;
  if (r.remaining() > 4 * sample_count)
    return payload_status::trailing_bytes;
  out.samples.resize(sample_count);
  for (auto& s : out.samples)
    s = r.f32();
  return payload_status::ok;
}

} // namespace lume::net

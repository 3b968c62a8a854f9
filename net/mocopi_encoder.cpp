#include "net/mocopi_encoder.hpp"

#include "net/byte_io.hpp"
#include "net/mocopi_chunks.hpp"

namespace lume::net {

namespace {

constexpr char format_name[] = "sony motion format";
constexpr std::size_t header = mocopi_chunk_header_size;
constexpr std::size_t transform_size = 28;
/// head → ftyp "sony motion format", vrsn 1.
constexpr std::size_t head_size = header + header + (sizeof format_name - 1) + header + 1;
/// sndf → ipad (8), rcvp (2).
constexpr std::size_t sender_size = header + header + 8 + header + 2;
/// bndt → bnid, pbid, tran.
constexpr std::size_t rest_bone_size = header + header + 2 + header + 2 + header + transform_size;
/// btdt → bnid, tran.
constexpr std::size_t bone_pose_size = header + header + 2 + header + transform_size;

/// A chunk whose length is patched in when it is closed.
class open_chunk {
public:
  open_chunk(le_writer& w, const char (&tag)[5]) : w_(w), length_(w.reserve(4)) {
    w.bytes(tag, 4);
    start_ = w.size();
  }
  ~open_chunk() {
    if (length_ != nullptr && w_.ok())
      store_u32(length_, static_cast<std::uint32_t>(w_.size() - start_));
  }
  open_chunk(const open_chunk&) = delete;
  open_chunk& operator=(const open_chunk&) = delete;

private:
  le_writer& w_;
  std::uint8_t* length_;
  std::size_t start_ = 0;
};

void write_field(le_writer& w, const char (&tag)[5], const void* data, std::size_t size) {
  w.u32(static_cast<std::uint32_t>(size));
  w.bytes(tag, 4);
  w.bytes(data, size);
}

void write_u16_field(le_writer& w, const char (&tag)[5], std::uint16_t v) {
  std::uint8_t bytes[2];
  store_u16(bytes, v);
  write_field(w, tag, bytes, sizeof bytes);
}

void write_transform(le_writer& w, const mocopi_transform& t) {
  w.u32(transform_size);
  w.bytes("tran", 4);
  for (float v : {t.rx, t.ry, t.rz, t.rw, t.px, t.py, t.pz})
    w.f32(v);
}

void write_preamble(le_writer& w, const std::optional<mocopi_sender>& sender) {
  {
    open_chunk head{w, "head"};
    write_field(w, "ftyp", format_name, sizeof format_name - 1);
    const std::uint8_t version = 1;
    write_field(w, "vrsn", &version, 1);
  }
  if (sender) {
    open_chunk sndf{w, "sndf"};
    write_field(w, "ipad", sender->ipad.data(), sender->ipad.size());
    write_u16_field(w, "rcvp", sender->receiver_port);
  }
}

std::size_t preamble_size(const std::optional<mocopi_sender>& sender) {
  return head_size + (sender ? sender_size : 0);
}

} // namespace

std::size_t mocopi_skeleton_datagram_size(const mocopi_skeleton& skeleton) {
  return preamble_size(skeleton.sender) + header + header + skeleton.bone_count * rest_bone_size;
}

std::size_t mocopi_frame_datagram_size(const mocopi_frame& frame) {
  return preamble_size(frame.sender) + header + header + 4 + header + 4
         + (frame.unix_time_s ? header + 8 : 0) + (frame.timecode ? header + 6 : 0) + header
         + frame.bone_count * bone_pose_size;
}

encode_result encode_mocopi_skeleton(const mocopi_skeleton& skeleton, std::uint8_t* out,
                                     std::size_t capacity) {
  if (skeleton.bone_count == 0 || skeleton.bone_count > mocopi_max_bones)
    return encode_failed(encode_error::invalid_input);
  if (capacity < mocopi_skeleton_datagram_size(skeleton))
    return encode_failed(encode_error::buffer_too_small);
  le_writer w{out, capacity};
  write_preamble(w, skeleton.sender);
  {
    open_chunk skdf{w, "skdf"};
    open_chunk bons{w, "bons"};
    for (std::size_t i = 0; i < skeleton.bone_count; ++i) {
      const auto& bone = skeleton.bones[i];
      open_chunk bndt{w, "bndt"};
      write_u16_field(w, "bnid", bone.id);
      write_u16_field(w, "pbid", bone.parent_id);
      write_transform(w, bone.rest);
    }
  }
  return encoded(w.size());
}

encode_result encode_mocopi_frame(const mocopi_frame& frame, std::uint8_t* out,
                                  std::size_t capacity) {
  if (frame.bone_count == 0 || frame.bone_count > mocopi_max_bones)
    return encode_failed(encode_error::invalid_input);
  if (capacity < mocopi_frame_datagram_size(frame))
    return encode_failed(encode_error::buffer_too_small);
  le_writer w{out, capacity};
  write_preamble(w, frame.sender);
  {
    open_chunk fram{w, "fram"};
    std::uint8_t number[4];
    store_u32(number, frame.frame_number);
    write_field(w, "fnum", number, sizeof number);
    std::uint8_t time[4];
    store_f32(time, frame.time_s);
    write_field(w, "time", time, sizeof time);
    if (frame.unix_time_s) {
      std::uint8_t unix_time[8];
      store_f64(unix_time, *frame.unix_time_s);
      write_field(w, "uttm", unix_time, sizeof unix_time);
    }
    if (frame.timecode)
      write_field(w, "tmcd", frame.timecode->data(), frame.timecode->size());
    open_chunk btrs{w, "btrs"};
    for (std::size_t i = 0; i < frame.bone_count; ++i) {
      open_chunk btdt{w, "btdt"};
      write_u16_field(w, "bnid", frame.bones[i].id);
      write_transform(w, frame.bones[i].transform);
    }
  }
  return encoded(w.size());
}

} // namespace lume::net

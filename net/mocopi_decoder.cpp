#include "net/mocopi_decoder.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <optional>

#include "net/byte_io.hpp"
#include "net/mocopi_chunks.hpp"

namespace lume::net {

namespace {

using maybe_refusal = std::optional<mocopi_refusal>;

constexpr char format_name[] = "sony motion format";
constexpr std::size_t transform_size = 28;

/// The chunks of one level that the decoder knows, by position in `tags`.
template <std::size_t N>
class known_chunks {
public:
  explicit known_chunks(const std::array<const char*, N>& tags) : tags_(tags) {}

  /// Walks one level; refuses a broken walk or a known tag seen twice.
  /// Unknown tags are skipped and noted in `unread`.
  maybe_refusal walk(const std::uint8_t* data, std::size_t size, bool& unread) {
    mocopi_chunk_reader reader{data, size};
    mocopi_chunk chunk;
    bool repeated = false;
    while (reader.next(chunk)) {
      const std::size_t i = index_of(chunk);
      if (i == N)
        unread = true;
      else if (found_[i])
        repeated = true;
      else
        found_[i] = chunk;
    }
    if (reader.failure())
      return reader.failure();
    if (repeated)
      return mocopi_refusal::duplicate_chunk;
    return std::nullopt;
  }

  const std::optional<mocopi_chunk>& operator[](std::size_t i) const { return found_[i]; }

private:
  std::size_t index_of(const mocopi_chunk& chunk) const {
    for (std::size_t i = 0; i < N; ++i)
      if (std::memcmp(chunk.tag, tags_[i], 4) == 0)
        return i;
    return N;
  }

  std::array<const char*, N> tags_;
  std::array<std::optional<mocopi_chunk>, N> found_{};
};

/// Refuses an absent field or one whose length is not `size`.
maybe_refusal require(const std::optional<mocopi_chunk>& field, std::size_t size) {
  if (!field)
    return mocopi_refusal::missing_field;
  if (field->size != size)
    return mocopi_refusal::bad_field_size;
  return std::nullopt;
}

/// Refuses a present field whose length is not `size`.
maybe_refusal allow(const std::optional<mocopi_chunk>& field, std::size_t size) {
  return field ? require(field, size) : std::nullopt;
}

mocopi_transform read_transform(const std::uint8_t* p) {
  mocopi_transform t;
  for (float* v : {&t.rx, &t.ry, &t.rz, &t.rw, &t.px, &t.py, &t.pz}) {
    *v = load_f32(p);
    p += 4;
  }
  return t;
}

/// Finite in every component, with a rotation of non-zero length.
bool usable(const mocopi_transform& t) {
  for (float v : {t.rx, t.ry, t.rz, t.rw, t.px, t.py, t.pz})
    if (!std::isfinite(v))
      return false;
  return t.rx * t.rx + t.ry * t.ry + t.rz * t.rz + t.rw * t.rw > 1e-6f;
}

template <class Bone>
bool contains_id(const Bone* bones, std::size_t count, std::uint16_t id) {
  for (std::size_t i = 0; i < count; ++i)
    if (bones[i].id == id)
      return true;
  return false;
}

maybe_refusal check_head(const mocopi_chunk& head, bool& unread) {
  enum { ftyp, vrsn };
  known_chunks<2> fields{{"ftyp", "vrsn"}};
  if (auto r = fields.walk(head.payload, head.size, unread))
    return r;
  if (!fields[ftyp] || !fields[vrsn])
    return mocopi_refusal::missing_field;
  if (fields[ftyp]->size != sizeof format_name - 1
      || std::memcmp(fields[ftyp]->payload, format_name, sizeof format_name - 1) != 0)
    return mocopi_refusal::bad_format_name;
  if (fields[vrsn]->size != 1)
    return mocopi_refusal::bad_field_size;
  if (fields[vrsn]->payload[0] != 1)
    return mocopi_refusal::bad_version;
  return std::nullopt;
}

maybe_refusal read_sender(const mocopi_chunk& sndf, mocopi_sender& out, bool& unread) {
  enum { ipad, rcvp };
  known_chunks<2> fields{{"ipad", "rcvp"}};
  if (auto r = fields.walk(sndf.payload, sndf.size, unread))
    return r;
  if (auto r = require(fields[ipad], out.ipad.size()))
    return r;
  if (auto r = require(fields[rcvp], 2))
    return r;
  std::memcpy(out.ipad.data(), fields[ipad]->payload, out.ipad.size());
  out.receiver_port = load_u16(fields[rcvp]->payload);
  return std::nullopt;
}

maybe_refusal read_rest_bone(const mocopi_chunk& bndt, mocopi_rest_bone& out, bool& unread) {
  enum { bnid, pbid, tran };
  known_chunks<3> fields{{"bnid", "pbid", "tran"}};
  if (auto r = fields.walk(bndt.payload, bndt.size, unread))
    return r;
  for (auto [field, size] : {std::pair{bnid, 2}, {pbid, 2}, {tran, 28}})
    if (auto r = require(fields[field], static_cast<std::size_t>(size)))
      return r;
  out.id = load_u16(fields[bnid]->payload);
  out.parent_id = load_u16(fields[pbid]->payload);
  out.rest = read_transform(fields[tran]->payload);
  if (!usable(out.rest))
    return mocopi_refusal::bad_rest_transform;
  return std::nullopt;
}

maybe_refusal check_hierarchy(const mocopi_skeleton& s) {
  for (std::size_t i = 0; i < s.bone_count; ++i) {
    const auto& bone = s.bones[i];
    if (bone.parent_id == mocopi_no_parent)
      continue;
    if (bone.parent_id == bone.id || !contains_id(s.bones.data(), s.bone_count, bone.parent_id))
      return mocopi_refusal::bad_hierarchy;
  }
  return std::nullopt;
}

maybe_refusal read_skeleton(const mocopi_chunk& skdf, mocopi_skeleton& out) {
  known_chunks<1> level{{"bons"}};
  if (auto r = level.walk(skdf.payload, skdf.size, out.has_unread_chunks))
    return r;
  if (!level[0])
    return mocopi_refusal::missing_field;
  mocopi_chunk_reader bons{level[0]->payload, level[0]->size};
  mocopi_chunk bndt;
  while (bons.next(bndt)) {
    if (!bndt.is("bndt")) {
      out.has_unread_chunks = true;
      continue;
    }
    if (out.bone_count == mocopi_max_bones)
      return mocopi_refusal::too_many_bones;
    mocopi_rest_bone bone;
    if (auto r = read_rest_bone(bndt, bone, out.has_unread_chunks))
      return r;
    if (contains_id(out.bones.data(), out.bone_count, bone.id))
      return mocopi_refusal::duplicate_bone;
    out.bones[out.bone_count++] = bone;
  }
  if (bons.failure())
    return bons.failure();
  if (out.bone_count == 0)
    return mocopi_refusal::no_bones;
  return check_hierarchy(out);
}

/// Reads one `btdt`; `out` is left unusable if its transform is.
maybe_refusal read_bone_pose(const mocopi_chunk& btdt, mocopi_bone_pose& out, bool& usable_pose,
                             bool& unread) {
  enum { bnid, tran };
  known_chunks<2> fields{{"bnid", "tran"}};
  if (auto r = fields.walk(btdt.payload, btdt.size, unread))
    return r;
  if (auto r = require(fields[bnid], 2))
    return r;
  if (auto r = require(fields[tran], transform_size))
    return r;
  out.id = load_u16(fields[bnid]->payload);
  out.transform = read_transform(fields[tran]->payload);
  usable_pose = usable(out.transform);
  return std::nullopt;
}

maybe_refusal read_bone_poses(const mocopi_chunk& btrs, mocopi_frame& out) {
  std::array<std::uint16_t, mocopi_max_bones> seen_ids{};
  std::size_t records = 0;
  mocopi_chunk_reader reader{btrs.payload, btrs.size};
  mocopi_chunk btdt;
  while (reader.next(btdt)) {
    if (!btdt.is("btdt")) {
      out.has_unread_chunks = true;
      continue;
    }
    if (records == mocopi_max_bones)
      return mocopi_refusal::too_many_bones;
    mocopi_bone_pose pose;
    bool usable_pose = false;
    if (auto r = read_bone_pose(btdt, pose, usable_pose, out.has_unread_chunks))
      return r;
    for (std::size_t i = 0; i < records; ++i)
      if (seen_ids[i] == pose.id)
        return mocopi_refusal::duplicate_bone;
    seen_ids[records++] = pose.id;
    if (usable_pose)
      out.bones[out.bone_count++] = pose;
    else
      ++out.unusable_bones;
  }
  if (reader.failure())
    return reader.failure();
  if (records == 0)
    return mocopi_refusal::no_bones;
  return std::nullopt;
}

maybe_refusal read_frame(const mocopi_chunk& fram, mocopi_frame& out) {
  enum { fnum, time, uttm, tmcd, btrs };
  known_chunks<5> fields{{"fnum", "time", "uttm", "tmcd", "btrs"}};
  if (auto r = fields.walk(fram.payload, fram.size, out.has_unread_chunks))
    return r;
  if (auto r = require(fields[fnum], 4))
    return r;
  if (auto r = require(fields[time], 4))
    return r;
  if (auto r = allow(fields[uttm], 8))
    return r;
  if (auto r = allow(fields[tmcd], 6))
    return r;
  if (!fields[btrs])
    return mocopi_refusal::missing_field;
  out.frame_number = load_u32(fields[fnum]->payload);
  out.time_s = load_f32(fields[time]->payload);
  if (!std::isfinite(out.time_s) || out.time_s < 0)
    return mocopi_refusal::bad_clock;
  if (fields[uttm]) {
    const double unix_time = load_f64(fields[uttm]->payload);
    if (!std::isfinite(unix_time) || unix_time < 0)
      return mocopi_refusal::bad_clock;
    out.unix_time_s = unix_time;
  }
  if (fields[tmcd]) {
    out.timecode.emplace();
    std::memcpy(out.timecode->data(), fields[tmcd]->payload, out.timecode->size());
  }
  return read_bone_poses(*fields[btrs], out);
}

} // namespace

mocopi_decoded decode_mocopi_datagram(const std::uint8_t* data, std::size_t size) {
  enum { head, sndf, skdf, fram };
  known_chunks<4> top{{"head", "sndf", "skdf", "fram"}};
  bool unread = false;
  if (auto r = top.walk(data, size, unread))
    return *r;
  if (!top[head])
    return mocopi_refusal::missing_head;
  if (auto r = check_head(*top[head], unread))
    return *r;
  if (top[skdf] && top[fram])
    return mocopi_refusal::both_kinds;
  if (!top[skdf] && !top[fram])
    return mocopi_refusal::no_kind;
  std::optional<mocopi_sender> sender;
  if (top[sndf]) {
    sender.emplace();
    if (auto r = read_sender(*top[sndf], *sender, unread))
      return *r;
  }
  if (top[skdf]) {
    mocopi_skeleton skeleton;
    skeleton.sender = sender;
    skeleton.has_unread_chunks = unread;
    if (auto r = read_skeleton(*top[skdf], skeleton))
      return *r;
    return skeleton;
  }
  mocopi_frame frame;
  frame.sender = sender;
  frame.has_unread_chunks = unread;
  if (auto r = read_frame(*top[fram], frame))
    return *r;
  return frame;
}

} // namespace lume::net

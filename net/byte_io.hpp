#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

/// Little-endian loads and stores, independent of the host's byte order, and
/// a bounds-checked reader and writer built on them. Every wire format of
/// lume_net is little-endian; nothing here allocates.
namespace lume::net {

inline std::uint16_t load_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

inline std::uint32_t load_u32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8)
         | (static_cast<std::uint32_t>(p[2]) << 16)
         | (static_cast<std::uint32_t>(p[3]) << 24);
}

inline std::uint64_t load_u64(const std::uint8_t* p) {
  return static_cast<std::uint64_t>(load_u32(p))
         | (static_cast<std::uint64_t>(load_u32(p + 4)) << 32);
}

inline std::int64_t load_i64(const std::uint8_t* p) {
  return static_cast<std::int64_t>(load_u64(p));
}

inline float load_f32(const std::uint8_t* p) {
  const std::uint32_t bits = load_u32(p);
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

inline double load_f64(const std::uint8_t* p) {
  const std::uint64_t bits = load_u64(p);
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

inline void store_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}

inline void store_u32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

inline void store_u64(std::uint8_t* p, std::uint64_t v) {
  store_u32(p, static_cast<std::uint32_t>(v));
  store_u32(p + 4, static_cast<std::uint32_t>(v >> 32));
}

inline void store_f32(std::uint8_t* p, float v) {
  std::uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  store_u32(p, bits);
}

inline void store_f64(std::uint8_t* p, double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  store_u64(p, bits);
}

/// Reads little-endian values from a byte range. A read past the end fails,
/// returns zero and marks the reader as failed; check `ok()` once at the end.
class le_reader {
public:
  le_reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::size_t remaining() const { return size_ - pos_; }
  bool ok() const { return ok_; }

  std::uint8_t u8() { return take(1) ? data_[pos_ - 1] : 0; }
  std::uint16_t u16() { return take(2) ? load_u16(data_ + pos_ - 2) : 0; }
  std::uint32_t u32() { return take(4) ? load_u32(data_ + pos_ - 4) : 0; }
  std::int64_t i64() { return take(8) ? load_i64(data_ + pos_ - 8) : 0; }
  float f32() { return take(4) ? load_f32(data_ + pos_ - 4) : 0.0f; }

  /// Consumes `n` bytes and returns where they start, or nullptr if fewer remain.
  const std::uint8_t* bytes(std::size_t n) { return take(n) ? data_ + pos_ - n : nullptr; }

private:
  bool take(std::size_t n) {
    if (!ok_ || n > size_ - pos_) {
      ok_ = false;
      pos_ = size_;
      return false;
    }
    pos_ += n;
    return true;
  }

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

/// Writes little-endian values into a caller-provided buffer. A write past
/// the capacity writes nothing and marks the writer as failed.
class le_writer {
public:
  le_writer(std::uint8_t* out, std::size_t capacity) : out_(out), capacity_(capacity) {}

  std::size_t size() const { return pos_; }
  bool ok() const { return ok_; }

  void u8(std::uint8_t v) {
    if (auto* p = take(1))
      *p = v;
  }
  void u16(std::uint16_t v) {
    if (auto* p = take(2))
      store_u16(p, v);
  }
  void u32(std::uint32_t v) {
    if (auto* p = take(4))
      store_u32(p, v);
  }
  void i64(std::int64_t v) {
    if (auto* p = take(8))
      store_u64(p, static_cast<std::uint64_t>(v));
  }
  void f32(float v) {
    if (auto* p = take(4))
      store_f32(p, v);
  }
  void bytes(const void* data, std::size_t n) {
    if (auto* p = take(n); p != nullptr && n > 0)
      std::memcpy(p, data, n);
  }
  /// Reserves `n` bytes to be filled later (e.g. a length known only after
  /// the content is written); nullptr if they do not fit.
  std::uint8_t* reserve(std::size_t n) { return take(n); }

private:
  std::uint8_t* take(std::size_t n) {
    if (!ok_ || n > capacity_ - pos_) {
      ok_ = false;
      return nullptr;
    }
    pos_ += n;
    return out_ + pos_ - n;
  }

  std::uint8_t* out_;
  std::size_t capacity_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

} // namespace lume::net

#pragma once

#include <cstddef>
#include <vector>

namespace lume::features {

/// The most recent `length` samples of selected channels of an interleaved
/// stream, each kept contiguous (oldest first) for windowed analysis.
/// Starts as silence. Allocates only at construction.
class channel_history {
public:
  /// @param stream_channels channels per interleaved frame.
  /// @param selected stream channel index of each kept channel.
  /// @param length samples kept per channel.
  /// @throws std::invalid_argument if a selected index is out of range.
  channel_history(std::size_t stream_channels, std::vector<std::size_t> selected,
                  std::size_t length);

  /// Appends `frames` interleaved frames (`frames * stream_channels` floats).
  void push(const float* interleaved, std::size_t frames);

  /// Kept channel `k` (in `selected` order): `length()` samples, oldest first.
  const float* channel(std::size_t k) const { return data_.data() + k * length_; }

  std::size_t length() const { return length_; }
  std::size_t size() const { return selected_.size(); }

private:
  std::size_t stream_channels_;
  std::vector<std::size_t> selected_;
  std::size_t length_;
  std::vector<float> data_;
};

} // namespace lume::features

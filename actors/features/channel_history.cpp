#include "actors/features/channel_history.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace lume::features {

channel_history::channel_history(std::size_t stream_channels,
                                 std::vector<std::size_t> selected,
                                 std::size_t length)
  : stream_channels_(stream_channels),
    selected_(std::move(selected)),
    length_(length),
    data_(selected_.size() * length, 0.f) {
  for (std::size_t c : selected_)
    if (c >= stream_channels_)
      throw std::invalid_argument("channel_history: channel index out of range");
}

void channel_history::push(const float* interleaved, std::size_t frames) {
  const std::size_t keep = frames < length_ ? length_ - frames : 0;
  const std::size_t skip = frames > length_ ? frames - length_ : 0;
  for (std::size_t k = 0; k < selected_.size(); ++k) {
    float* dst = data_.data() + k * length_;
    std::copy(dst + (length_ - keep), dst + length_, dst);
    const float* src = interleaved + selected_[k];
    for (std::size_t i = skip; i < frames; ++i)
      dst[keep + i - skip] = src[i * stream_channels_];
  }
}

} // namespace lume::features

#include "actors/sim/depth_source.hpp"

#include <algorithm>

namespace lume::sim {

depth_source::depth_source(unsigned fps, const depth_scene_config& scene)
  : fps_(std::max(fps, 1u)), scene_(scene), sender_(net::lum_kind::depth) {
  image_.width = scene.width;
  image_.height = scene.height;
  payload_.resize(net::depth_payload_size(scene.width, scene.height));
}

void depth_source::emit(std::uint64_t n, const capture_clock& now, datagram_sink& out) {
  scene_.render(static_cast<double>(n) / fps_, n, image_.depth_mm);
  if (const auto r = net::encode_depth_payload(image_, payload_.data(), payload_.size()))
    sender_.send(payload_.data(), r.size, now.monotonic_raw_us, out);
}

} // namespace lume::sim
